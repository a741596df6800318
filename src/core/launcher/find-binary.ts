/**
 * Finds the local model servers' executables without running anything but a Python import
 * check: `ollama` on PATH, in Ollama.app, in Homebrew's folders, or a copy bundled with the app;
 * `mlx_lm.server` on PATH, else `python3 -m mlx_lm.server` when `python3 -c "import mlx_lm"`
 * succeeds. Only regular executable files count. PATH comes from the env passed in.
 */
import { execFile } from 'node:child_process'
import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, join } from 'node:path'

export interface FoundBinary {
  command: string
  /** Arguments that come before the server's own (e.g. ['-m', 'mlx_lm.server']). */
  args: string[]
  source: 'path' | 'app' | 'homebrew' | 'bundled' | 'python'
}

export interface BinaryLookup {
  env: NodeJS.ProcessEnv
  /** The `ollama` bundled in the app's resources, when there is one. */
  bundledOllama?: string
  /** Fixed locations to try after PATH (tests pass [] to see only their PATH). */
  wellKnown?: readonly { path: string; source: FoundBinary['source'] }[]
}

export const OLLAMA_WELL_KNOWN: readonly { path: string; source: FoundBinary['source'] }[] = [
  { path: '/Applications/Ollama.app/Contents/Resources/ollama', source: 'app' },
  { path: '/opt/homebrew/bin/ollama', source: 'homebrew' },
  { path: '/usr/local/bin/ollama', source: 'homebrew' },
]

export const OLLAMA_INSTALL_HINT = 'install Ollama with `brew install ollama` or from https://ollama.com/download, then try again'
export const MLX_INSTALL_HINT = 'install MLX LM with `pip install mlx-lm` (Apple silicon only), then try again'

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The first executable `name` on the env's PATH, like `which`. */
export function whichSync(name: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue
    const candidate = join(dir, name)
    if (isExecutableFile(candidate)) return candidate
  }
  return null
}

export function findOllama(lookup: BinaryLookup): FoundBinary | null {
  const onPath = whichSync('ollama', lookup.env)
  if (onPath) return { command: onPath, args: [], source: 'path' }
  for (const known of lookup.wellKnown ?? OLLAMA_WELL_KNOWN) {
    if (isExecutableFile(known.path)) return { command: known.path, args: [], source: known.source }
  }
  if (lookup.bundledOllama && isExecutableFile(lookup.bundledOllama)) return { command: lookup.bundledOllama, args: [], source: 'bundled' }
  return null
}

function importsMlx(python: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(python, ['-c', 'import mlx_lm'], { env, timeout: 15_000 }, (err) => resolve(err === null))
  })
}

export async function findMlxServer(lookup: BinaryLookup): Promise<FoundBinary | null> {
  const onPath = whichSync('mlx_lm.server', lookup.env)
  if (onPath) return { command: onPath, args: [], source: 'path' }
  const python = whichSync('python3', lookup.env)
  if (python && (await importsMlx(python, lookup.env))) return { command: python, args: ['-m', 'mlx_lm.server'], source: 'python' }
  return null
}
