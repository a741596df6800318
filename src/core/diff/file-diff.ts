/**
 * The outputs of two runs file by file, streamed: a merge over both manifests' file lists in
 * path order that yields one FileChange at a time and reads at most one pair of files at once,
 * so a diff of thousands of files runs in bounded memory. Files whose manifest hashes match are
 * `unchanged` without being read. Text files (valid UTF-8, no NUL, under `maxTextBytes`) get a
 * unified line diff; anything else is compared by hash. Paths go through the outputs path guard,
 * so a tampered manifest cannot make the diff read outside a run's outputs/.
 */
import { readFile } from 'node:fs/promises'
import type { ManifestFile } from '../../shared/manifest'
import { resolveOutputPath } from '../tools/safe-path'
import { diffLines, type DiffHunk } from './line-diff'

interface FileSide {
  sha256: string
  size_bytes: number
  step: string
}

export interface FileChange {
  path: string
  change: 'added' | 'removed' | 'changed' | 'unchanged'
  a: FileSide | null
  b: FileSide | null
  /** For `changed`: how the contents compare. */
  content?:
    | { kind: 'text'; added: number; removed: number; hunks: DiffHunk[] }
    | { kind: 'binary' }
    | { kind: 'too_large'; reason: string }
    | { kind: 'unreadable'; reason: string }
}

export interface FileDiffOptions {
  /** Larger files are compared by hash only (default 1 MiB). */
  maxTextBytes?: number
  /** Hashes only, no line diffs (`--files-only`). */
  filesOnly?: boolean
}

const DEFAULT_MAX_TEXT_BYTES = 1 << 20
const decoder = new TextDecoder('utf-8', { fatal: true })

function sideOf(file: ManifestFile): FileSide {
  return { sha256: file.sha256, size_bytes: file.size_bytes, step: file.step }
}

function byPath(files: readonly ManifestFile[]): ManifestFile[] {
  return [...files].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0))
}

function asText(bytes: Uint8Array): string | null {
  if (bytes.subarray(0, 8000).includes(0)) return null
  try {
    return decoder.decode(bytes)
  } catch {
    return null
  }
}

async function readOutput(outputsDir: string, path: string): Promise<Uint8Array | string> {
  const target = resolveOutputPath(outputsDir, path)
  if (!target.ok) return `path refused: ${target.reason}`
  try {
    return await readFile(target.abs)
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : 'unknown error'
    return `cannot read it (${code})`
  }
}

async function compareContents(
  outputsA: string,
  outputsB: string,
  a: ManifestFile,
  b: ManifestFile,
  options: FileDiffOptions,
): Promise<FileChange['content']> {
  if (options.filesOnly) return undefined
  const max = options.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES
  if (a.size_bytes > max || b.size_bytes > max) return { kind: 'too_large', reason: `over ${max} bytes; compared by hash` }
  const left = await readOutput(outputsA, a.path)
  if (typeof left === 'string') return { kind: 'unreadable', reason: `run A: ${left}` }
  const right = await readOutput(outputsB, b.path)
  if (typeof right === 'string') return { kind: 'unreadable', reason: `run B: ${right}` }
  const textA = asText(left)
  const textB = asText(right)
  if (textA === null || textB === null) return { kind: 'binary' }
  const diff = diffLines(textA, textB)
  if (diff.tooLarge) return { kind: 'too_large', reason: 'too many changed lines for a line diff; compared by hash' }
  return { kind: 'text', added: diff.added, removed: diff.removed, hunks: diff.hunks }
}

/** Yields every path of either run in code-unit order, with how it changed. */
export async function* diffOutputFiles(
  a: { outputsDir: string; files: readonly ManifestFile[] },
  b: { outputsDir: string; files: readonly ManifestFile[] },
  options: FileDiffOptions = {},
): AsyncGenerator<FileChange> {
  const left = byPath(a.files)
  const right = byPath(b.files)
  let i = 0
  let j = 0
  while (i < left.length || j < right.length) {
    const x = left[i]
    const y = right[j]
    if (x && (!y || x.path < y.path)) {
      yield { path: x.path, change: 'removed', a: sideOf(x), b: null }
      i++
    } else if (y && (!x || y.path < x.path)) {
      yield { path: y.path, change: 'added', a: null, b: sideOf(y) }
      j++
    } else if (x && y) {
      if (x.sha256 === y.sha256) yield { path: x.path, change: 'unchanged', a: sideOf(x), b: sideOf(y) }
      else {
        const content = await compareContents(a.outputsDir, b.outputsDir, x, y, options)
        yield { path: x.path, change: 'changed', a: sideOf(x), b: sideOf(y), ...(content ? { content } : {}) }
      }
      i++
      j++
    }
  }
}
