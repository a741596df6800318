/**
 * The one walker over a run's outputs/ (the UI's file tree and the agents' `list_files`): every
 * regular file below a folder as a `/`-separated relative path with its size, in code-unit
 * order. Symlinks are never followed, temp files of interrupted atomic writes are hidden, and an
 * unreadable folder reads as empty.
 */
import { lstatSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { isTempName } from './atomic-write'

export interface WalkedFile {
  /** Relative to the walk's root, prefixed with `prefix` when one was given. */
  path: string
  size_bytes: number
}

function sizeOf(abs: string): number {
  try {
    return lstatSync(abs).size
  } catch {
    return 0
  }
}

export function walkFiles(root: string, prefix = ''): WalkedFile[] {
  const files: WalkedFile[] = []
  const walk = (dir: string, rel: string): void => {
    let entries
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      if (isTempName(entry.name)) continue
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`
      const childAbs = join(dir, entry.name)
      if (entry.isDirectory()) walk(childAbs, childRel)
      else if (entry.isFile()) files.push({ path: childRel, size_bytes: sizeOf(childAbs) })
    }
  }
  walk(root, prefix)
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
