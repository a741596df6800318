/**
 * `read_file` and `list_files` over the outputs folder. Paths pass the same checks as writes;
 * symlinks are never followed; temp files of interrupted atomic writes are hidden. Results are
 * deterministic text (relative paths, code-unit sorted, no timestamps).
 */
import { closeSync, lstatSync, openSync, readdirSync, readSync, type Stats } from 'node:fs'
import { join } from 'node:path'
import { isTempName } from '../fs/atomic-write'
import { matchExistingNames } from './existing-name'
import { outputsRoot, resolveOutputPath } from './safe-path'
import type { ToolResult } from './types'

export const READ_CAP_BYTES = 256 * 1024
export const LIST_CAP_ENTRIES = 1000

function rejected(path: string | undefined, reason: string): ToolResult {
  return { ok: false, content: `rejected: ${reason}`, rejected: path === undefined ? { reason } : { path, reason } }
}

function lstatOrUndefined(abs: string): Stats | undefined {
  try {
    return lstatSync(abs)
  } catch {
    return undefined
  }
}

function readHead(abs: string, length: number): Buffer {
  const fd = openSync(abs, 'r')
  try {
    const buffer = Buffer.alloc(length)
    let offset = 0
    while (offset < length) {
      const n = readSync(fd, buffer, offset, length - offset, offset)
      if (n === 0) break
      offset += n
    }
    return buffer.subarray(0, offset)
  } finally {
    closeSync(fd)
  }
}

/** Cuts before a partial UTF-8 sequence so the text never ends in a replacement character. */
function utf8Boundary(bytes: Buffer): Buffer {
  let lead = bytes.length - 1
  while (lead > 0 && bytes.length - lead < 4 && ((bytes[lead] ?? 0) & 0xc0) === 0x80) lead--
  const byte = bytes[lead] ?? 0
  if (lead < 0 || byte < 0xc0) return bytes
  const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2
  return lead + need > bytes.length ? bytes.subarray(0, lead) : bytes
}

export function readFileTool(outputsDir: string, requested: string): ToolResult {
  const first = resolveOutputPath(outputsDir, requested)
  if (!first.ok) return rejected(requested, first.reason)
  const match = matchExistingNames(outputsRoot(outputsDir), first.rel)
  const target = match.changed ? resolveOutputPath(outputsDir, match.rel) : first
  if (!target.ok) return rejected(requested, target.reason)
  const stat = lstatOrUndefined(target.abs)
  if (!stat) {
    return { ok: false, content: `error: '${first.rel}' does not exist; call list_files to see the project's files` }
  }
  if (stat.isDirectory()) {
    return { ok: false, content: `error: '${target.rel}' is a folder; call list_files with {"dir": "${target.rel}"}` }
  }
  if (!stat.isFile()) return rejected(requested, `'${target.rel}' is not a regular file`)

  const head = readHead(target.abs, Math.min(stat.size, READ_CAP_BYTES))
  if (head.includes(0)) {
    return { ok: true, content: `'${target.rel}' is a binary file (${stat.size} bytes); its content is not shown` }
  }
  const truncated = stat.size > head.length
  let text = (truncated ? utf8Boundary(head) : head).toString('utf8')
  if (truncated) text += `\n[truncated: showing the first ${head.length} of ${stat.size} bytes]`
  if (match.changed)
    text += `\n[note: '${first.rel}' was read as the existing file '${target.rel}' (names differ only in case or normalisation)]`
  return { ok: true, content: text }
}

interface ListedFile {
  rel: string
  size: number
}

function walk(abs: string, rel: string, out: ListedFile[]): void {
  let entries
  try {
    entries = readdirSync(abs, { withFileTypes: true })
  } catch {
    return
  }
  for (const entry of entries) {
    if (isTempName(entry.name)) continue
    const childAbs = join(abs, entry.name)
    const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`
    if (entry.isDirectory()) walk(childAbs, childRel, out)
    else if (entry.isFile()) out.push({ rel: childRel, size: lstatOrUndefined(childAbs)?.size ?? 0 })
  }
}

export function listFilesTool(outputsDir: string, dir: string | undefined): ToolResult {
  const root = outputsRoot(outputsDir)
  let start = root
  let startRel = ''
  const trimmed = (dir ?? '').trim()
  if (trimmed !== '' && trimmed !== '.' && trimmed !== './') {
    const first = resolveOutputPath(outputsDir, trimmed)
    if (!first.ok) return rejected(trimmed, first.reason)
    const match = matchExistingNames(root, first.rel)
    const target = match.changed ? resolveOutputPath(outputsDir, match.rel) : first
    if (!target.ok) return rejected(trimmed, target.reason)
    const stat = lstatOrUndefined(target.abs)
    if (!stat) return { ok: true, content: `no files under '${first.rel}' yet` }
    if (!stat.isDirectory()) return { ok: false, content: `error: '${target.rel}' is a file, not a folder; use read_file` }
    start = target.abs
    startRel = target.rel
  }
  const files: ListedFile[] = []
  walk(start, startRel, files)
  if (files.length === 0) return { ok: true, content: startRel === '' ? 'no files yet' : `no files under '${startRel}' yet` }
  files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0))
  const shown = files.slice(0, LIST_CAP_ENTRIES).map((f) => `${f.rel} (${f.size} bytes)`)
  const header = `${files.length} file${files.length === 1 ? '' : 's'}${startRel === '' ? '' : ` under '${startRel}'`}:`
  const more = files.length > LIST_CAP_ENTRIES ? [`… and ${files.length - LIST_CAP_ENTRIES} more`] : []
  return { ok: true, content: [header, ...shown, ...more].join('\n') }
}
