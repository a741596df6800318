/**
 * Confines a model-requested path to the run's outputs/ folder.
 * Guarantees: a returned `abs` lies inside realpath(outputsDir) (checked with `path.relative`),
 * is portable (no Windows-reserved names, drive letters, streams, trailing dots or spaces), is not
 * a reserved run file or an auto-run config, and no existing segment on the way is a symlink or a
 * file used as a folder. Rejections carry a reason a model can act on; nothing here throws.
 */
import { lstatSync, realpathSync } from 'node:fs'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'

export type SafePathResult = { ok: true; abs: string; rel: string } | { ok: false; reason: string }

const MAX_SEGMENT_BYTES = 255
const MAX_PATH_BYTES = 1024

const EXAMPLE = "path must be relative to the project root, e.g. 'src/app.py'"
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i
const FORBIDDEN_CHARS = /[<>"|?*]/
const ROOT_RESERVED_FILES = new Set(['manifest.json', 'events.jsonl'])
const RESERVED_ANYWHERE = new Map<string, string>([
  ['.git', "'.git' is reserved: the orchestrator manages version control, write project files only"],
  ['.vscode', "'.vscode/' holds editor configs that can run commands when the folder is opened; it is not allowed"],
  ['.idea', "'.idea/' holds editor configs that can run commands when the folder is opened; it is not allowed"],
])

function fail(reason: string): SafePathResult {
  return { ok: false, reason }
}

/** Realpath of the outputs folder (one realpath(3) call), or its absolute form when it does not exist yet. */
export function outputsRoot(outputsDir: string): string {
  try {
    return realpathSync.native(outputsDir)
  } catch {
    return resolve(outputsDir)
  }
}

/** Splits and normalises a requested path; a string is a rejection reason. */
export function splitRequestedPath(requested: string): string[] | string {
  if (requested.length === 0 || requested.trim().length === 0) return `empty path: ${EXAMPLE}`
  if (requested.includes('\u0000')) return `path contains a NUL byte: ${EXAMPLE}`
  if (Buffer.byteLength(requested, 'utf8') > MAX_PATH_BYTES) {
    return `path is longer than ${MAX_PATH_BYTES} bytes: use a shorter path`
  }
  if (requested.startsWith('~')) return `'~' (home folder) is not allowed: ${EXAMPLE}`
  if (requested.startsWith('\\\\') || requested.startsWith('//')) {
    return `network (UNC) paths are not allowed: ${EXAMPLE}`
  }
  if (/^[a-zA-Z]:/.test(requested)) return `drive letters are not allowed: ${EXAMPLE}`
  if (requested.startsWith('/') || requested.startsWith('\\')) return `absolute paths are not allowed: ${EXAMPLE}`
  if (requested.includes(':')) return `':' is not allowed in file names (it names an NTFS stream on Windows): ${EXAMPLE}`
  const forbidden = FORBIDDEN_CHARS.exec(requested)?.[0] ?? [...requested].find((c) => c.charCodeAt(0) < 0x20)
  if (forbidden !== undefined)
    return `character ${JSON.stringify(forbidden)} is not allowed in file names: use letters, digits, '-', '_' and '.'`

  const segments = requested.split(/[\\/]+/).filter((s) => s.length > 0 && s !== '.')
  if (segments.length === 0) return `empty path: ${EXAMPLE}`
  for (const segment of segments) {
    const reason = checkSegment(segment)
    if (reason) return reason
  }
  return segments
}

function checkSegment(segment: string): string | undefined {
  if (segment === '..') return `'..' is not allowed: ${EXAMPLE}`
  if (Buffer.byteLength(segment, 'utf8') > MAX_SEGMENT_BYTES) {
    return `file or folder name longer than ${MAX_SEGMENT_BYTES} bytes: use a shorter name`
  }
  if (segment.endsWith('.') || segment.endsWith(' ')) {
    return `'${segment}' ends with a dot or space, which Windows cannot store: remove it`
  }
  const stem = (segment.split('.')[0] ?? '').trimEnd()
  if (WINDOWS_RESERVED.test(stem)) {
    return `'${segment}' uses a reserved Windows device name (${stem.toUpperCase()}): choose another name`
  }
  return undefined
}

function checkReserved(segments: string[]): string | undefined {
  const lower = segments.map((s) => s.toLowerCase())
  const first = lower[0] ?? ''
  if (lower.length === 1 && ROOT_RESERVED_FILES.has(first)) {
    return `'${segments[0]}' is reserved for the orchestrator's run record: choose another name`
  }
  if (first === '.cache') return "'.cache/' is reserved for the orchestrator's cache: choose another folder"
  for (const segment of lower) {
    const reason = RESERVED_ANYWHERE.get(segment)
    if (reason) return reason
  }
  if (first === '.github' && lower[1] === 'workflows') {
    return "'.github/workflows/' holds CI configs that run automatically on push; it is not allowed"
  }
  return undefined
}

/** lstat every existing segment below root; reject symlinks and files used as folders. */
function checkExistingSegments(root: string, segments: string[]): string | undefined {
  let current = root
  for (let i = 0; i < segments.length; i++) {
    current = join(current, segments[i] ?? '')
    let stat
    try {
      stat = lstatSync(current, { throwIfNoEntry: false })
    } catch {
      return undefined
    }
    if (!stat) return undefined
    const shown = segments.slice(0, i + 1).join('/')
    if (stat.isSymbolicLink()) return `'${shown}' is a symbolic link; writing through links is not allowed`
    if (i < segments.length - 1 && !stat.isDirectory()) return `'${shown}' is a file, not a folder`
  }
  return undefined
}

/** `root`: realpath(outputsDir) when the caller already holds it (a pinned outputs folder). */
export function resolveOutputPath(outputsDir: string, requested: string, root: string = outputsRoot(outputsDir)): SafePathResult {
  if (typeof requested !== 'string') return fail(`path must be a string: ${EXAMPLE}`)
  const split = splitRequestedPath(requested)
  if (typeof split === 'string') return fail(split)
  const reserved = checkReserved(split)
  if (reserved) return fail(reserved)

  const abs = join(root, ...split)
  const fromRoot = relative(root, abs)
  if (fromRoot === '' || fromRoot === '..' || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot)) {
    return fail(`path leaves the project folder: ${EXAMPLE}`)
  }
  const linked = checkExistingSegments(root, split)
  if (linked) return fail(linked)
  return { ok: true, abs, rel: split.join('/') }
}
