/**
 * Model pulls started from the app, run in the background: at most one pull per model at a time
 * (`name` and `name:latest` are the same model), progress pushed as `local.pull` messages at most
 * once per `intervalMs` per model (the latest dropped update follows when the interval ends), and
 * always one final message with `done: true` — with `error` when the pull failed. `cancelAll`
 * aborts every pull and resolves once each has sent its final message.
 */
import type { PushPayload } from '../../shared/ipc'
import { OrchestratorError } from '../errors'
import type { PullProgress } from '../launcher/launch-events'
import { pullModel } from '../launcher/ollama-pull'
import { canonicalModelName } from '../providers/ollama/ollama-tags'

export type PullPush = PushPayload<'local.pull'>
export type PullFn = (
  host: string,
  model: string,
  onProgress: (progress: PullProgress) => void,
  options: { signal: AbortSignal },
) => Promise<void>

const PULL_PROGRESS_INTERVAL_MS = 100

export interface LocalPullsOptions {
  emit(progress: PullPush): void
  intervalMs?: number
  now?: () => number
  pull?: PullFn
  /** A failure that is not a typed pull error (a bug), for the app log. */
  onUnexpectedError?: (err: unknown) => void
}

interface ActivePull {
  controller: AbortController
  finished: Promise<void>
}

export class LocalPulls {
  private readonly pulls = new Map<string, ActivePull>()
  private readonly intervalMs: number
  private readonly now: () => number
  private readonly pull: PullFn

  constructor(private readonly options: LocalPullsOptions) {
    this.intervalMs = options.intervalMs ?? PULL_PROGRESS_INTERVAL_MS
    this.now = options.now ?? Date.now
    this.pull = options.pull ?? pullModel
  }

  /** Starts pulling `model` from `host`; false (and nothing started) when it is already being pulled. */
  start(host: string, model: string): boolean {
    const key = canonicalModelName(model)
    if (this.pulls.has(key)) return false
    const controller = new AbortController()
    const entry: ActivePull = { controller, finished: Promise.resolve() }
    this.pulls.set(key, entry)
    entry.finished = this.run(host, model, controller.signal).finally(() => {
      if (this.pulls.get(key) === entry) this.pulls.delete(key)
    })
    return true
  }

  /** Models being pulled right now. */
  active(): string[] {
    return [...this.pulls.keys()]
  }

  async cancelAll(): Promise<void> {
    const running = [...this.pulls.values()]
    for (const p of running) p.controller.abort()
    await Promise.all(running.map((p) => p.finished))
  }

  private async run(host: string, model: string, signal: AbortSignal): Promise<void> {
    let latest: PullPush = { model, status: 'starting', completed: 0, total: 0, done: false }
    let largest = 0
    let lastSent = Number.NEGATIVE_INFINITY
    let pending = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const send = (): void => {
      pending = false
      lastSent = this.now()
      this.options.emit(latest)
    }
    const onProgress = (p: PullProgress): void => {
      // Status-only lines (manifest, verifying, writing) keep the bar where the last layer left it.
      const bytes =
        p.total !== undefined ? { completed: p.completed ?? 0, total: p.total } : { completed: latest.completed, total: latest.total }
      largest = Math.max(largest, bytes.total)
      latest = { model, status: p.status, ...bytes, done: false }
      const wait = lastSent + this.intervalMs - this.now()
      if (wait <= 0) {
        clearTimeout(timer)
        timer = undefined
        send()
        return
      }
      pending = true
      timer ??= setTimeout(() => {
        timer = undefined
        if (pending) send()
      }, wait)
    }
    let final: PullPush
    try {
      await this.pull(host, model, onProgress, { signal })
      final = { model, status: 'success', completed: largest, total: largest, done: true }
    } catch (err) {
      if (!(err instanceof OrchestratorError)) this.options.onUnexpectedError?.(err)
      const message = err instanceof OrchestratorError ? err.message : `the pull of '${model}' failed unexpectedly; see the app log`
      final = { model, status: 'failed', completed: latest.completed, total: latest.total, done: true, error: message }
    } finally {
      clearTimeout(timer)
    }
    this.options.emit(final)
  }
}
