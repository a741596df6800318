/**
 * Plain-text units shared by the CLI and the app, so a run reads the same in both: durations,
 * counts, byte sizes, clock times and one-line truncation. Pure functions, no ANSI codes.
 */

/** 0.4 → "0.4 s", 12.34 → "12.3 s", 75 → "1 m 15 s", 3725 → "1 h 2 m"; null → "—". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—'
  const s = Math.max(0, seconds)
  if (s < 60) return `${s.toFixed(1)} s`
  const total = Math.round(s)
  if (total < 3600) return `${Math.floor(total / 60)} m ${total % 60} s`
  return `${Math.floor(total / 3600)} h ${Math.floor((total % 3600) / 60)} m`
}

/** 1234567 → "1,234,567". */
export function formatCount(n: number): string {
  // Not toLocaleString: its first call loads ICU data, ~40 ms of a CLI command's start.
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

export function formatTokens(promptTokens: number, completionTokens: number): string {
  return formatCount(promptTokens + completionTokens)
}

/** 512 → "512 B", 2150 → "2.1 KB", 3_500_000 → "3.3 MB", 5e9 → "4.7 GB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  if (bytes < 1024 ** 3) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`
}

function pad2(n: number): string {
  return String(n).padStart(2, '0')
}

/** Local wall-clock time "HH:MM:SS" of an ISO timestamp (the input itself when unparsable). */
export function formatClock(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`
}

/** Local "YYYY-MM-DD HH:MM:SS" of an ISO timestamp; "—" for null. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${formatClock(iso)}`
}

/** One line of at most `max` characters, ending with "…" when cut. */
export function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim()
  if (max <= 1) return oneLine.slice(0, Math.max(0, max))
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`
}
