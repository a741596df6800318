/** Display formatting shared by the views: durations, sizes, token counts, timestamps, money. */
export { formatBytes, formatDuration } from '../../shared/format-units'

export function formatCount(n: number): string {
  return n >= 10_000 ? `${(n / 1000).toFixed(1)}k` : String(n)
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString()
}

export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return '—'
  return usd === 0 ? '$0' : `$${usd.toFixed(usd < 0.01 ? 4 : 2)}`
}

export function elapsedSeconds(startIso: string | null, endIso: string | null, now: number): number | null {
  if (!startIso) return null
  const start = Date.parse(startIso)
  const end = endIso ? Date.parse(endIso) : now
  return Number.isNaN(start) || Number.isNaN(end) ? null : Math.max(0, (end - start) / 1000)
}

/** The last `count` non-empty lines of a text, looking only at its tail. */
export function lastLines(text: string, count: number, tailChars = 600): string[] {
  return text
    .slice(-tailChars)
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.length > 0)
    .slice(-count)
}
