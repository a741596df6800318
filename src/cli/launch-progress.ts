/**
 * Shows what the local model launcher does: one line per lifecycle event (started, reused,
 * restarting, …) and, while a model is pulled, a progress bar redrawn in place on a TTY or a
 * plain line per status change and per 10% otherwise. Nothing it prints contains a key.
 */
import type { LaunchEvent, PullProgress } from '../core/launcher/launch-events'

export interface LaunchProgressView {
  onProgress: (event: LaunchEvent) => void
  /** Ends an in-place bar so later output starts on a fresh line. */
  finish(): void
}

function size(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(0)} MB`
  return `${Math.round(bytes / 1e3)} kB`
}

function fraction(p: PullProgress): number | null {
  return p.total !== undefined && p.total > 0 && p.completed !== undefined ? Math.min(1, p.completed / p.total) : null
}

function lifecycleLine(event: LaunchEvent): string | null {
  const name = event.type !== 'pull' && event.type !== 'pull_failed' ? (event.server === 'mlx' ? 'MLX server' : 'Ollama') : ''
  switch (event.type) {
    case 'reused':
      return `${name} is running at ${event.host}`
    case 'starting':
      return `starting ${name} at ${event.host} (${event.command})`
    case 'port_in_use':
      return `port ${event.port} is taken; trying another`
    case 'ready':
      return `${name} is ready at ${event.host}`
    case 'exited':
      return `${name} exited unexpectedly (${event.signal ?? `code ${String(event.code)}`})`
    case 'restarting':
      return `restarting ${name} in ${event.delayMs / 1000} s (attempt ${event.attempt} of ${event.maxAttempts})`
    case 'restarted':
      return `${name} is running again at ${event.host}`
    case 'gave_up':
      return event.message
    case 'stopped':
      return `stopped the ${name} this run started`
    case 'pull_failed':
      return `could not pull ${event.model}: ${event.message}`
    case 'pull':
      return null
  }
}

export function createLaunchProgress(out: { write(s: string): void }, options: { tty: boolean; columns?: number }): LaunchProgressView {
  let barOpen = false
  let lastStatus = ''
  let lastDecile = -1
  const endBar = (): void => {
    if (barOpen) out.write('\n')
    barOpen = false
  }
  const pull = (model: string, p: PullProgress): void => {
    const f = fraction(p)
    if (options.tty) {
      const width = Math.max(10, Math.min(30, (options.columns ?? 80) - 60))
      const bar =
        f === null
          ? ''
          : ` [${'#'.repeat(Math.round(f * width)).padEnd(width, '-')}] ${String(Math.floor(f * 100)).padStart(3)}% ${size(p.completed ?? 0)} / ${size(p.total ?? 0)}`
      out.write(`\r\x1b[2Kpulling ${model}: ${p.status}${bar}`)
      barOpen = true
      if (p.status === 'success') endBar()
      return
    }
    const decile = f === null ? -1 : Math.floor(f * 10)
    if (p.status !== lastStatus || decile > lastDecile) {
      out.write(
        `pulling ${model}: ${p.status}${f === null ? '' : ` ${Math.floor(f * 100)}% (${size(p.completed ?? 0)} of ${size(p.total ?? 0)})`}\n`,
      )
      if (p.status !== lastStatus) lastDecile = -1
      lastStatus = p.status
      lastDecile = Math.max(lastDecile, decile)
    }
  }
  return {
    onProgress(event) {
      if (event.type === 'pull') return pull(event.model, event.progress)
      const line = lifecycleLine(event)
      if (line === null) return
      endBar()
      out.write(`${line}\n`)
    },
    finish: endBar,
  }
}
