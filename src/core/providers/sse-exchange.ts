/**
 * Everything observed about one HTTP exchange with a server-sent-events API (OpenAI-compatible
 * servers), so failures are classified from facts — HTTP status and headers, an in-stream error
 * event, whether the protocol's end marker arrived, which of our timers fired — rather than from
 * the SDK's error text. `instrument` wraps the fetch handed to the SDK: it adds our cancellation
 * signal, records the response, and watches the SSE body as it streams through unchanged.
 */

export type TimeoutPhase = 'connect' | 'first token' | 'idle'

export interface FiredTimeout {
  phase: TimeoutPhase
  ms: number
}

export interface SseEvent {
  /** The `event:` field, or undefined when the event had none. */
  event?: string
  /** The joined `data:` lines. */
  data: string
}

export interface SseFacts {
  status?: number
  headers?: Headers
  /** Message of the first error event seen in a 2xx stream. */
  errorEvent?: string
  /** True once the protocol's end marker went through. */
  sawEndMarker: boolean
  fired?: FiredTimeout
}

function errorMessageOf(event: SseEvent): string | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(event.data)
  } catch {
    return event.event === 'error' ? event.data : undefined
  }
  if (!parsed || typeof parsed !== 'object') return event.event === 'error' ? event.data : undefined
  const record = parsed as Record<string, unknown>
  if (!('error' in record) && event.event !== 'error') return undefined
  const error = 'error' in record ? record.error : record
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string') return error.message
  return typeof error === 'string' ? error : JSON.stringify(error)
}

export class SseExchange {
  readonly facts: SseFacts = { sawEndMarker: false }
  private readonly timeoutController = new AbortController()
  private timer: ReturnType<typeof setTimeout> | undefined
  readonly signal: AbortSignal

  constructor(
    callerSignal: AbortSignal,
    private readonly isEndMarker: (event: SseEvent) => boolean,
  ) {
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
      const tapped = response.body.pipeThrough(this.eventWatcher())
      return new Response(tapped, { status: response.status, statusText: response.statusText, headers: response.headers })
    }
  }

  private observe(event: SseEvent): void {
    if (this.isEndMarker(event)) this.facts.sawEndMarker = true
    if (this.facts.errorEvent === undefined) this.facts.errorEvent = errorMessageOf(event)
  }

  private eventWatcher(): TransformStream<Uint8Array, Uint8Array> {
    const decoder = new TextDecoder()
    let buffer = ''
    let eventName: string | undefined
    let data: string[] = []
    const dispatch = (): void => {
      if (data.length > 0) this.observe({ event: eventName, data: data.join('\n') })
      eventName = undefined
      data = []
    }
    const line = (raw: string): void => {
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw
      if (text === '') return dispatch()
      if (text.startsWith(':')) return
      const colon = text.indexOf(':')
      const field = colon === -1 ? text : text.slice(0, colon)
      let value = colon === -1 ? '' : text.slice(colon + 1)
      if (value.startsWith(' ')) value = value.slice(1)
      if (field === 'event') eventName = value
      else if (field === 'data') data.push(value)
    }
    return new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        buffer += decoder.decode(chunk, { stream: true })
        const lines = buffer.split('\n')
        buffer = lines.pop() ?? ''
        for (const l of lines) line(l)
        controller.enqueue(chunk)
      },
      flush() {
        buffer += decoder.decode()
        if (buffer !== '') line(buffer)
        dispatch()
      },
    })
  }
}
