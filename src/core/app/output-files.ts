/**
 * Read-only access to a run's outputs/ for the UI. Every requested path goes through
 * `resolveOutputPath` (relative, no `..`, no absolute or drive paths, no symlink on the way),
 * only regular files are read, the SHA-256 covers every byte while the returned text is capped,
 * and binary files are reported as binary with no content. The tree never follows symlinks and
 * hides temp files of interrupted atomic writes.
 */
import { closeSync, lstatSync, openSync, readSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { OrchestratorError } from '../errors'
import { cutAtUtf8Boundary } from '../fs/utf8-boundary'
import { walkFiles, type WalkedFile } from '../fs/walk-files'
import { mediaTypeFor } from '../tools/media-type'
import { resolveOutputPath } from '../tools/safe-path'

export const TEXT_CAP_BYTES = 512 * 1024
const TREE_CAP_ENTRIES = 5000
const CHUNK_BYTES = 256 * 1024
const SNIFF_BYTES = 8192

export interface OutputFileRead {
  path: string
  content: string
  truncated: boolean
  binary: boolean
  sha256: string
  size_bytes: number
  media_type: string
}

function badPath(requested: string, reason: string): OrchestratorError {
  return new OrchestratorError({ kind: 'bad_input', retryable: false, message: `cannot open '${requested.slice(0, 200)}': ${reason}` })
}

/** The absolute path of an existing output file or folder, confined to outputs/. */
export function resolveExistingOutput(outputsDir: string, requested: string): { abs: string; rel: string; isFile: boolean } {
  const resolved = resolveOutputPath(outputsDir, requested)
  if (!resolved.ok) throw badPath(requested, resolved.reason)
  let stat
  try {
    stat = lstatSync(resolved.abs)
  } catch {
    throw badPath(requested, 'no such file in this run')
  }
  if (stat.isSymbolicLink() || (!stat.isFile() && !stat.isDirectory())) throw badPath(requested, 'not a regular file')
  return { abs: resolved.abs, rel: resolved.rel, isFile: stat.isFile() }
}

function looksBinary(head: Buffer): boolean {
  if (head.subarray(0, SNIFF_BYTES).includes(0)) return true
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(cutAtUtf8Boundary(head))
    return false
  } catch {
    return true
  }
}

export function readOutputFile(outputsDir: string, requested: string): OutputFileRead {
  const target = resolveExistingOutput(outputsDir, requested)
  if (!target.isFile) throw badPath(requested, 'it is a folder')
  const hash = createHash('sha256')
  const kept: Buffer[] = []
  let keptBytes = 0
  let size = 0
  const fd = openSync(target.abs, 'r')
  try {
    const chunk = Buffer.alloc(CHUNK_BYTES)
    for (;;) {
      const n = readSync(fd, chunk, 0, CHUNK_BYTES, null)
      if (n === 0) break
      const part = chunk.subarray(0, n)
      hash.update(part)
      size += n
      if (keptBytes < TEXT_CAP_BYTES) {
        const take = Math.min(n, TEXT_CAP_BYTES - keptBytes)
        kept.push(Buffer.from(part.subarray(0, take)))
        keptBytes += take
      }
    }
  } finally {
    closeSync(fd)
  }
  const head = Buffer.concat(kept)
  const truncated = size > head.length
  const binary = looksBinary(head)
  return {
    path: target.rel,
    content: binary ? '' : cutAtUtf8Boundary(head).toString('utf8'),
    truncated,
    binary,
    sha256: hash.digest('hex'),
    size_bytes: size,
    media_type: mediaTypeFor(target.rel),
  }
}

/** Every regular file under outputs/ in code-unit order, at most TREE_CAP_ENTRIES of them. */
export function listOutputFiles(outputsDir: string): WalkedFile[] {
  return walkFiles(outputsDir).slice(0, TREE_CAP_ENTRIES)
}
