/**
 * `read_file` and `list_files` over the outputs folder. Paths pass the same checks as writes;
 * symlinks are never followed; temp files of interrupted atomic writes are hidden. Results are
 * deterministic text (relative paths, code-unit sorted, no timestamps).
 */
import { closeSync, lstatSync, openSync, readSync, type Stats } from 'node:fs'
import { cutAtUtf8Boundary } from '../fs/utf8-boundary'
import { walkFiles } from '../fs/walk-files'
import { matchExistingNames } from './existing-name'
import { outputsRoot, resolveOutputPath } from './safe-path'
import type { ToolResult } from './types'

const READ_CAP_BYTES = 256 * 1024
const LIST_CAP_ENTRIES = 1000

function rejected(path: string | undefined, reason: string): ToolResult {
  return { ok: false, content: `rejected: ${reason}`, rejected: path === undefined ? { reason } : { path, reason } }
}

function lstatOrUndefined(abs: string): Stats | undefined {
  try {
    return lstatSync(abs, { throwIfNoEntry: false })
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
  let text = (truncated ? cutAtUtf8Boundary(head) : head).toString('utf8')
  if (truncated) text += `\n[truncated: showing the first ${head.length} of ${stat.size} bytes]`
  if (match.changed)
    text += `\n[note: '${first.rel}' was read as the existing file '${target.rel}' (names differ only in case or normalisation)]`
  return { ok: true, content: text }
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
  const files = walkFiles(start, startRel)
  if (files.length === 0) return { ok: true, content: startRel === '' ? 'no files yet' : `no files under '${startRel}' yet` }
  const shown = files.slice(0, LIST_CAP_ENTRIES).map((f) => `${f.path} (${f.size_bytes} bytes)`)
  const header = `${files.length} file${files.length === 1 ? '' : 's'}${startRel === '' ? '' : ` under '${startRel}'`}:`
  const more = files.length > LIST_CAP_ENTRIES ? [`… and ${files.length - LIST_CAP_ENTRIES} more`] : []
  return { ok: true, content: [header, ...shown, ...more].join('\n') }
}
