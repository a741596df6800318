/**
 * `specs.list`, `specs.read` and `specs.save`: the spec editor's files in `<runsDir>/specs/`.
 * Names match SPEC_NAME_PATTERN (a plain file name, so nothing can leave the folder), symlinks
 * and non-files are refused, writes are atomic, and a save under a new name never replaces an
 * existing spec unless `overwrite` is set. The text is saved as typed, valid or not: the editor
 * shows its problems; a run validates it again.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, type Stats } from 'node:fs'
import { join } from 'node:path'
import { SPEC_NAME_PATTERN } from '../../shared/specs-contract'
import { OrchestratorError } from '../errors'
import { atomicWriteFileSync } from '../fs/atomic-write'
import type { AppContext } from './app-context'
import type { PartialHandlerMap } from './handler-map'

const SPECS_DIR = 'specs'
const MAX_LISTED = 1000

function specPath(ctx: AppContext, name: string): string {
  if (!SPEC_NAME_PATTERN.test(name)) {
    throw new OrchestratorError({
      kind: 'bad_input',
      retryable: false,
      message: `'${name.slice(0, 80)}' is not a spec name such as my-spec.yaml`,
    })
  }
  return join(ctx.runsDir, SPECS_DIR, name)
}

function statOf(path: string): Stats | undefined {
  try {
    return lstatSync(path)
  } catch {
    return undefined
  }
}

export function specFileHandlers(ctx: AppContext): PartialHandlerMap {
  const dir = join(ctx.runsDir, SPECS_DIR)
  return {
    'specs.list': async () => {
      let names: string[]
      try {
        names = readdirSync(dir).filter((n) => SPEC_NAME_PATTERN.test(n))
      } catch {
        names = []
      }
      const specs = names.sort().flatMap((name) => {
        const stat = statOf(join(dir, name))
        return stat?.isFile() ? [{ name, size_bytes: stat.size, modified_at: stat.mtime.toISOString() }] : []
      })
      return { dir, specs: specs.slice(0, MAX_LISTED) }
    },
    'specs.read': async ({ name }) => {
      const path = specPath(ctx, name)
      if (!statOf(path)?.isFile()) {
        throw new OrchestratorError({ kind: 'bad_input', retryable: false, message: `no saved spec '${name}'; pick one from the list` })
      }
      return { name, text: readFileSync(path, 'utf8') }
    },
    'specs.save': async ({ name, text, overwrite }) => {
      const path = specPath(ctx, name)
      const existing = statOf(path)
      if (existing && !existing.isFile()) {
        throw new OrchestratorError({
          kind: 'bad_input',
          retryable: false,
          message: `'${name}' in ${dir} is not a regular file; choose another name`,
        })
      }
      if (existing && overwrite !== true) {
        throw new OrchestratorError({
          kind: 'bad_input',
          retryable: false,
          message: `a spec named '${name}' already exists; use Save to replace it or choose another name`,
        })
      }
      mkdirSync(dir, { recursive: true })
      atomicWriteFileSync(path, text)
      return { name, path, size_bytes: Buffer.byteLength(text) }
    },
  }
}
