/**
 * Small statistics and formatting helpers for the benchmark: medians, a fixed-width text
 * table, and PASS/MISS target lines. Pure functions; nothing here measures time.
 */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—'
  if (ms >= 100) return ms.toFixed(0)
  if (ms >= 10) return ms.toFixed(1)
  return ms.toFixed(2)
}

export function formatUs(us: number): string {
  if (!Number.isFinite(us)) return '—'
  return us >= 100 ? us.toFixed(0) : us.toFixed(2)
}

export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—'
  return ratio >= 100 ? `${ratio.toFixed(0)}×` : `${ratio.toFixed(2)}×`
}

export function formatMb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((r) => (r[col] ?? '').length)))
  const line = (cells: readonly string[]): string =>
    cells.map((c, col) => (col === 0 ? c.padEnd(widths[col]!) : c.padStart(widths[col]!))).join('  ')
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

export interface TargetResult {
  label: string
  measured: string
  target: string
  pass: boolean
}

export function renderTargets(results: readonly TargetResult[]): string {
  return renderTable(
    ['target', 'measured', 'goal', 'result'],
    results.map((r) => [r.label, r.measured, r.target, r.pass ? 'PASS' : 'MISS']),
  )
}
