/**
 * Text formatting of every command: aligned plain-text tables here, and the units the app
 * shares (durations, counts, sizes, clock times; src/shared/format-units.ts). Pure functions;
 * no ANSI codes, so output is safe to pipe.
 */

export { formatBytes, formatCount, formatDateTime, formatDuration, formatTokens, truncate } from '../shared/format-units'

export interface TableOptions {
  /** Column indexes aligned to the right (numbers). */
  right?: number[]
  indent?: string
}

/** Aligned columns separated by two spaces, with a header row; trailing spaces trimmed. */
export function formatTable(headers: string[], rows: string[][], options: TableOptions = {}): string {
  const right = new Set(options.right ?? [])
  const all = [headers, ...rows]
  const widths = headers.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)))
  const indent = options.indent ?? ''
  return all
    .map(
      (row) =>
        indent +
        headers
          .map((_, i) => {
            const cell = row[i] ?? ''
            const width = widths[i] ?? 0
            return right.has(i) ? cell.padStart(width) : cell.padEnd(width)
          })
          .join('  ')
          .trimEnd(),
    )
    .join('\n')
}
