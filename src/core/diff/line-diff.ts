/**
 * Unified line diffs (Myers' O(ND) algorithm) for the run diff. Lines compare exactly (a CRLF
 * line differs from an LF one). `maxEdits` bounds the work: two texts that differ in more lines
 * than that come back as `tooLarge` instead of a diff, so one huge rewrite cannot stall a diff
 * of a thousand files. Output is the familiar `@@ -a,b +c,d @@` hunks with 3 lines of context.
 */

export interface DiffHunk {
  oldStart: number
  oldLines: number
  newStart: number
  newLines: number
  /** Each line prefixed with ' ', '-' or '+'. */
  lines: string[]
}

export type LineDiff = { tooLarge: false; added: number; removed: number; hunks: DiffHunk[] } | { tooLarge: true }

type Op = { kind: ' ' | '-' | '+'; text: string }

function splitLines(text: string): string[] {
  if (text === '') return []
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  return lines
}

/** The shortest edit script from `a` to `b`, or null when it needs more than `maxEdits` edits. */
function editScript(a: readonly string[], b: readonly string[], maxEdits: number): Op[] | null {
  const n = a.length
  const m = b.length
  const max = Math.min(n + m, maxEdits)
  const offset = max + 1
  let v = new Int32Array(2 * max + 3)
  // trace[d] holds v[-d-1 .. d+1] as it was before round d (index k + d + 1).
  const trace: Int32Array[] = []
  let found = -1
  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2))
    const next = v.slice()
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0))
          ? (v[offset + k + 1] ?? 0)
          : (v[offset + k - 1] ?? 0) + 1
      let y = x - k
      while (x < n && y < m && a[x] === b[y]) {
        x++
        y++
      }
      next[offset + k] = x
      if (x >= n && y >= m) {
        found = d
        break outer
      }
    }
    v = next
  }
  if (found < 0) return null
  const ops: Op[] = []
  let x = n
  let y = m
  for (let d = found; d > 0; d--) {
    const prev = trace[d] ?? new Int32Array(0)
    const at = (kk: number): number => prev[kk + d + 1] ?? 0
    const k = x - y
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1))
    const prevK = down ? k + 1 : k - 1
    const prevX = at(prevK)
    const prevY = prevX - prevK
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', text: a[--x] ?? '' })
      y--
    }
    if (down) ops.push({ kind: '+', text: b[--y] ?? '' })
    else ops.push({ kind: '-', text: a[--x] ?? '' })
  }
  while (x > 0 && y > 0) {
    ops.push({ kind: ' ', text: a[--x] ?? '' })
    y--
  }
  return ops.reverse()
}

function toHunks(ops: readonly Op[], context: number): DiffHunk[] {
  const ranges: [number, number][] = []
  for (let i = 0; i < ops.length; i++) {
    if (ops[i]?.kind === ' ') continue
    const from = Math.max(0, i - context)
    const to = Math.min(ops.length, i + context + 1)
    const last = ranges.at(-1)
    if (last && from <= last[1]) last[1] = to
    else ranges.push([from, to])
  }
  const hunks: DiffHunk[] = []
  let index = 0
  let oldLine = 1
  let newLine = 1
  for (const [from, to] of ranges) {
    for (; index < from; index++) {
      if (ops[index]?.kind !== '+') oldLine++
      if (ops[index]?.kind !== '-') newLine++
    }
    const hunk: DiffHunk = { oldStart: oldLine, oldLines: 0, newStart: newLine, newLines: 0, lines: [] }
    for (; index < to; index++) {
      const op = ops[index] as Op
      hunk.lines.push(`${op.kind}${op.text}`)
      if (op.kind !== '+') {
        hunk.oldLines++
        oldLine++
      }
      if (op.kind !== '-') {
        hunk.newLines++
        newLine++
      }
    }
    if (hunk.oldLines === 0) hunk.oldStart--
    if (hunk.newLines === 0) hunk.newStart--
    hunks.push(hunk)
  }
  return hunks
}

export function diffLines(oldText: string, newText: string, options: { context?: number; maxEdits?: number } = {}): LineDiff {
  const ops = editScript(splitLines(oldText), splitLines(newText), options.maxEdits ?? 1000)
  if (!ops) return { tooLarge: true }
  let added = 0
  let removed = 0
  for (const op of ops) {
    if (op.kind === '+') added++
    else if (op.kind === '-') removed++
  }
  return { tooLarge: false, added, removed, hunks: toHunks(ops, options.context ?? 3) }
}

/** The hunks as unified-diff text (without the ---/+++ header). */
export function formatHunks(hunks: readonly DiffHunk[]): string {
  const out: string[] = []
  for (const h of hunks) {
    out.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`)
    out.push(...h.lines)
  }
  return out.join('\n')
}
