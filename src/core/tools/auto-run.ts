/**
 * Recognises generated files that run themselves (see shared/auto-run-flags): by path, and for
 * package.json by its `scripts`. Used by `write_file` to flag them (file.flagged, manifest
 * `flags`) or, when the spec says `auto_run_files: refuse`, to reject the write.
 */
import type { AutoRunFlag } from '../../shared/auto-run-flags'

const NPM_LIFECYCLE = [
  'preinstall',
  'install',
  'postinstall',
  'prepare',
  'preprepare',
  'postprepare',
  'prepublish',
  'prepack',
  'postpack',
  'dependencies',
]
const AGENT_DIRS = new Set(['.claude', '.cursor', '.vscode', '.idea', '.windsurf', '.continue', '.zed', '.gemini', '.codex'])
const AGENT_FILES = new Set(['.mcp.json'])

function npmLifecycle(content: string): boolean {
  let parsed: unknown
  try {
    parsed = JSON.parse(content)
  } catch {
    return false
  }
  if (!parsed || typeof parsed !== 'object' || !('scripts' in parsed)) return false
  const scripts = parsed.scripts
  if (!scripts || typeof scripts !== 'object') return false
  return NPM_LIFECYCLE.some((name) => Object.hasOwn(scripts, name))
}

/** The auto-run flags of a file at `rel` (relative, forward slashes) with this content. */
export function autoRunFlags(rel: string, content: string): AutoRunFlag[] {
  const segments = rel.toLowerCase().split('/')
  const name = segments.at(-1) ?? ''
  const flags = new Set<AutoRunFlag>()
  if (name === 'package.json' && npmLifecycle(content)) flags.add('npm_lifecycle_script')
  if (segments.includes('.husky') || segments.includes('.githooks') || name === '.pre-commit-config.yaml' || name === 'lefthook.yml')
    flags.add('git_hook')
  if (name === '.envrc') flags.add('direnv')
  if (segments.includes('.devcontainer') || name === '.devcontainer.json') flags.add('devcontainer')
  if (segments.some((s) => AGENT_DIRS.has(s)) || AGENT_FILES.has(name)) flags.add('agent_config')
  return [...flags]
}
