/**
 * "Did you mean …?" for misspelled names: the closest candidate by edit distance (typos and swapped letters), if it is
 * close enough to be a likely typo (at most a third of the name's length, minimum 1).
 */

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  if (a === b) return 0
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  const at = (i: number, j: number): number => d[i]?.[j] ?? 0
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1)
      row[j] = best
    }
  }
  return at(a.length, b.length)
}

function closest(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(name.length / 3))
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of candidates) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase())
    if (d <= limit && d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  return best
}

/** `; did you mean 'x'?` or `; known: a, b, c` (or '' when there is nothing to offer). */
export function suggestion(name: string, candidates: string[], knownLabel: string): string {
  const near = closest(name, candidates)
  if (near !== undefined) return `; did you mean '${near}'?`
  if (candidates.length === 0) return ''
  const shown = candidates.slice(0, 12).join(', ')
  return `; ${knownLabel}: ${shown}${candidates.length > 12 ? ', …' : ''}`
}
