/**
 * The folder boundaries are ESLint rules (eslint.config.js, no-restricted-imports); this runs the
 * repo's own ESLint config over one-line probes placed in each folder and checks that every
 * forbidden import is reported and an allowed one is not. `npm run lint` enforces them on the code.
 */
import { join } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const eslint = new ESLint({ cwd: root })

async function restricted(file: string, specifier: string): Promise<boolean> {
  const [result] = await eslint.lintText(`import '${specifier}'\n`, { filePath: join(root, file) })
  return (result?.messages ?? []).some((m) => m.ruleId === 'no-restricted-imports')
}

const cases: { folder: string; file: string; forbidden: string[]; allowed: string[] }[] = [
  {
    folder: 'src/core',
    file: 'src/core/run/probe.ts',
    forbidden: ['electron', 'react', 'react-dom/client', '../../renderer/src/app', '../../main/index', '../../cli/verbs'],
    allowed: ['node:fs', '../errors', '../../shared/run-event'],
  },
  {
    folder: 'src/core/providers',
    file: 'src/core/providers/ollama/probe.ts',
    forbidden: ['../../launcher/ollama-launcher', '../../launcher', 'electron', '../../../cli/verbs'],
    allowed: ['node:http', '../../errors', '../types'],
  },
  {
    folder: 'src/renderer',
    file: 'src/renderer/src/views/probe.ts',
    forbidden: ['node:fs', 'fs', 'fs/promises', 'path', 'electron', '../../../core/errors'],
    allowed: ['react', '../../../shared/run-event'],
  },
]

describe.each(cases)('$folder', ({ file, forbidden, allowed }) => {
  it.each(forbidden)('rejects an import of %s', async (specifier) => {
    expect(await restricted(file, specifier)).toBe(true)
  })
  it.each(allowed)('allows an import of %s', async (specifier) => {
    expect(await restricted(file, specifier)).toBe(false)
  })
})
