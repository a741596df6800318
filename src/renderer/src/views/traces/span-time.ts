/** Durations of spans and turns: milliseconds below a second ("240 ms"), else formatDuration's. */
import { formatDuration } from '../../format'

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : formatDuration(ms / 1000)
}
