/**
 * Entry points of the spec loader. `loadSpecFile` reads a file (stat, then one read; no other
 * I/O) and `parseSpecText` takes text or bytes given directly. Both return a validated
 * ResolvedSpec or throw one SpecError listing every problem: 'spec_unreadable' for files that are
 * missing, empty, too large, binary or not UTF-8; 'spec_invalid' for everything else.
 */
import { resolve } from 'node:path'
import { checkSpecString, decodeSpecBytes, readSpecBytes, type SpecText } from './read-spec-text'
import { resolveSpec } from './resolve-spec'
import type { ResolvedSpec } from './types'
import { parseSpecYaml } from './yaml-parse'

export interface LoadSpecOptions {
  /** Provider names known besides the registry's (instances an embedding app or test injects). */
  extraProviders?: readonly string[]
}

function fromText(decoded: SpecText, path: string, file: string, env: NodeJS.ProcessEnv, options: LoadSpecOptions): ResolvedSpec {
  const { data, locate } = parseSpecYaml(decoded.text, file)
  return resolveSpec({
    data,
    locate,
    env,
    file,
    source: { path, text: decoded.text, sha256: decoded.sha256 },
    extraProviders: options.extraProviders,
  })
}

export async function loadSpecFile(
  path: string,
  env: NodeJS.ProcessEnv = process.env,
  options: LoadSpecOptions = {},
): Promise<ResolvedSpec> {
  const absolute = resolve(path)
  const bytes = await readSpecBytes(path)
  return fromText(decodeSpecBytes(bytes, path), absolute, path, env, options)
}

export function parseSpecText(
  text: string | Uint8Array,
  fileName: string,
  env: NodeJS.ProcessEnv = process.env,
  options: LoadSpecOptions = {},
): ResolvedSpec {
  const decoded = typeof text === 'string' ? checkSpecString(text, fileName) : decodeSpecBytes(text, fileName)
  return fromText(decoded, fileName, fileName, env, options)
}
