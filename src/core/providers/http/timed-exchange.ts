/**
 * The shared half of an observed HTTP exchange with a model server: our connect / first-token /
 * idle timers (one running at a time; when it fires the request is aborted and the phase is
 * recorded) and an instrumented fetch that adds our cancellation signal, records the response
 * status and headers (and reads the whole body of an error status), and passes a success body
 * through (complete lines only, each line at most maxLineBytes: see bounded-lines) while feeding
 * it, line by line, to the protocol-specific subclass — inside our node:http transport when the
 * exchange made it (`transport`), as a stream stage for any other fetch. Failures are then classified from these facts, never from an
 * SDK's error text.
 */

import { boundedLines, DEFAULT_MAX_LINE_BYTES, type BoundedLineOptions } from './bounded-lines'
import { createNodeHttpFetch, type NodeHttpFetchHooks } from './node-http-fetch'

export type TimeoutPhase = 'connect' | 'first token' | 'idle'

export interface FiredTimeout {
  phase: TimeoutPhase
  ms: number
}

export interface ResponseFacts {
  status?: number
  headers?: Headers
  fired?: FiredTimeout
  /** The body of an error status (up to ERROR_BODY_LIMIT characters), read before anything classifies it. */
  errorBody?: string
  /** Set by a caller that asked for a stream (SSE or ND-JSON). */
  expectsStream?: boolean
  /** The Content-Type of a 2xx reply that is one JSON document although a stream was asked for. */
  notStreamed?: string
}

const ERROR_BODY_LIMIT = 16_000

async function readErrorBody(response: Response): Promise<string> {
  try {
    return await response.text()
  } catch {
    return ''
  }
}

export abstract class TimedExchange<F extends ResponseFacts> {
  private readonly timeoutController = new AbortController()
  private timer: ReturnType<typeof setTimeout> | undefined
  private running: FiredTimeout | undefined
  /** Fetches made by `transport`: they split the body into lines themselves. */
  private readonly splitting = new WeakSet<typeof fetch>()
  readonly signal: AbortSignal

  constructor(
    callerSignal: AbortSignal,
    readonly facts: F,
    /** A streamed line longer than this stops the stream with `quota_exceeded` (bounded-lines). */
    private readonly maxLineBytes: number = DEFAULT_MAX_LINE_BYTES,
  ) {
    this.signal = AbortSignal.any([callerSignal, this.timeoutController.signal])
  }

  /** Starts (or replaces) the one running timer; when it fires, the request is aborted. */
  arm(phase: TimeoutPhase, ms: number): void {
    this.disarm()
    this.running = { phase, ms }
    this.timer = setTimeout(() => {
      this.facts.fired = { phase, ms }
      this.timeoutController.abort(new DOMException(`${phase} timeout`, 'TimeoutError'))
    }, ms)
  }

  disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    this.running = undefined
  }

  /** Restarts the running timer, if any: the server showed it is alive (e.g. an SSE keepalive). */
  rearm(): void {
    if (this.running && this.running.phase !== 'connect') this.arm(this.running.phase, this.running.ms)
  }

  /** Our node:http fetch with this exchange's line watcher built in (one stream per response, not three). */
  transport(hooks: NodeHttpFetchHooks = {}): typeof fetch {
    const base = createNodeHttpFetch({ ...hooks, lines: this.lineOptions() })
    this.splitting.add(base)
    return base
  }

  /** Wraps `base` so every request of this exchange is cancellable and observed. */
  instrument(base: typeof fetch): typeof fetch {
    return async (input, init) => {
      const signal = init?.signal ? AbortSignal.any([init.signal, this.signal]) : this.signal
      const response = await base(input, { ...init, signal })
      this.facts.status = response.status
      this.facts.headers = response.headers
      if (!response.ok) {
        const text = await readErrorBody(response)
        this.facts.errorBody = text.slice(0, ERROR_BODY_LIMIT)
        return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers })
      }
      const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase()
      if (this.facts.expectsStream && type === 'application/json') this.facts.notStreamed = type
      if (!response.body || this.splitting.has(base)) return response
      const tapped = response.body.pipeThrough(boundedLines(this.lineOptions()))
      return new Response(tapped, { status: response.status, statusText: response.statusText, headers: response.headers })
    }
  }

  /** One line of the response body (without its `\n`). */
  protected abstract onLine(line: string): void

  /** The body ended (after its last line). */
  protected onEnd(): void {}

  private lineOptions(): BoundedLineOptions {
    return {
      maxLineBytes: this.maxLineBytes,
      onLine: (line) => this.onLine(line),
      onEnd: () => this.onEnd(),
      // Stop the request itself too: nothing more of an over-limit message is read.
      onTooLong: (error) => this.timeoutController.abort(error),
    }
  }
}
