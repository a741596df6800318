/**
 * Copies a folder tree of immutable files (cache entries are only ever replaced by an atomic
 * rename, never edited in place) by hard-linking each file, falling back to a copy across file
 * systems or where links are not allowed. Missing source → nothing to do.
 */
import { copyFileSync, linkSync, mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

export function linkTree(from: string, to: string): void {
  let entries
  try {
    entries = readdirSync(from, { withFileTypes: true })
  } catch {
    return
  }
  mkdirSync(to, { recursive: true })
  for (const entry of entries) {
    const source = join(from, entry.name)
    const target = join(to, entry.name)
    if (entry.isDirectory()) linkTree(source, target)
    else if (entry.isFile()) {
      try {
        linkSync(source, target)
      } catch {
        copyFileSync(source, target)
      }
    }
  }
}
