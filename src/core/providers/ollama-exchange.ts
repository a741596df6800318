/**
 * Everything observed about one HTTP exchange with Ollama, so failures are classified from facts
 * (HTTP status, an `{error}` line, a missing `done` line, which timer fired) rather than from
 * the client library's error text. `fetch` is the instrumented fetch handed to the Ollama client:
 * it adds our cancellation signal, records the response status and headers, and watches the
 * ND-JSON body as it streams through.
 */

export type TimeoutPhase = 'connect' | 'first token' | 'idle'

export interface FiredTimeout {
  phase: TimeoutPhase
  ms: number
}

export interface ExchangeFacts {
  status?: number
  headers?: Headers
  /** Message of the first `{"error": …}` line seen in a 2xx stream. */
  errorLine?: string
  /** True once a line with `done: true` went through. */
  sawDone: boolean
  fired?: FiredTimeout
}

export class Exchange {
  readonly facts: ExchangeFacts = { sawDone: false }
  private readonly timeoutController = new AbortController()
  private timer: ReturnType<typeof setTimeout> | undefined
  readonly signal: AbortSignal

  constructor(callerSignal: AbortSignal) {
    this.signal = AbortSignal.any([callerSignal, this.timeoutController.signal])
  }

  /** Starts (or replaces) the one running timer; when it fires, the request is aborted. */
  arm(phase: TimeoutPhase, ms: number): void {
    this.disarm()
    this.timer = setTimeout(() => {
      this.facts.fired = { phase, ms }
      this.timeoutController.abort(new DOMException(`${phase} timeout`, 'TimeoutError'))
    }, ms)
  }

  disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }

  /** Wraps `base` so every request of this exchange is cancellable and observed. */
  instrument(base: typeof fetch): typeof fetch {
    return async (input, init) => {
      const signal = init?.signal ? AbortSignal.any([init.signal, this.signal]) : this.signal
      const response = await base(input, { ...init, signal })
      this.facts.status = response.status
      this.facts.headers = response.headers
      if (!response.ok || !response.body) return response
      const tapped = response.body.pipeThrough(this.lineWatcher())
      return new Response(tapped, { status: response.status, statusText: response.statusText, headers: response.headers })
    }
  }

  private lineWatcher(): TransformStream<Uint8Array, Uint8Array> {
    const decoder = new TextDecoder()
    let buffer = ''
    const inspect = (line: string): void => {
      if (line.trim() === '') return
      let parsed: unknown
      try {
        parsed = JSON.parse(line)
      } catch {
        return
      }
      if (!parsed || typeof parsed !== 'object') return
      const record = parsed as Record<string, unknown>
      if ('error' in record && this.facts.errorLine === undefined) {
        this.facts.errorLine = typeof record.error === 'string' ? record.error : JSON.stringify(record.error)
      }
      if (record.done === true) this.facts.sawDone = true
    }
    return new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        buffer += decoder.decode(chunk, { stream: true })
        const lines = buffer.split('\n')
        buffer = lines.pop() ?? ''
        for (const line of lines) inspect(line)
        controller.enqueue(chunk)
      },
      flush() {
        buffer += decoder.decode()
        inspect(buffer)
      },
    })
  }
}
