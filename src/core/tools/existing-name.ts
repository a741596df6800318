/**
 * Maps a requested relative path onto names already on disk that differ only in case or Unicode
 * normalisation (`A.ts` vs `a.ts`, NFC vs NFD), so a project stays valid on case-insensitive file
 * systems (macOS, Windows). An exact name always wins; among several look-alikes the first in
 * code-unit order is used. Folders that do not exist yet end the lookup.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

function foldName(name: string): string {
  return name.normalize('NFC').toLowerCase()
}

export interface ExistingNameMatch {
  rel: string
  /** True when at least one segment was replaced by an existing look-alike name. */
  changed: boolean
}

export function matchExistingNames(root: string, rel: string): ExistingNameMatch {
  const segments = rel.split('/')
  const out: string[] = []
  let changed = false
  let dir = root
  let exists = true
  for (const segment of segments) {
    let chosen = segment
    if (exists) {
      let names: string[]
      try {
        names = readdirSync(dir)
      } catch {
        names = []
        exists = false
      }
      if (exists && !names.includes(segment)) {
        const folded = foldName(segment)
        const lookAlike = names.filter((n) => foldName(n) === folded).sort()[0]
        if (lookAlike !== undefined) {
          chosen = lookAlike
          changed = true
        } else {
          exists = false
        }
      }
    }
    out.push(chosen)
    dir = join(dir, chosen)
  }
  return { rel: out.join('/'), changed }
}
