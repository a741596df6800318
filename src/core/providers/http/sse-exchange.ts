/**
 * Everything observed about one HTTP exchange with a server-sent-events API (OpenAI-compatible
 * servers), so failures are classified from facts — HTTP status and headers, an in-stream error
 * event, whether the protocol's end marker arrived, which of our timers fired — rather than from
 * the SDK's error text. `instrument` wraps the fetch handed to the SDK: it adds our cancellation
 * signal, records the response, and watches the SSE body as it streams through unchanged. An SSE
 * comment (a keepalive) restarts the running first-token or idle timer: the server is working.
 */

import { TimedExchange, type ResponseFacts } from './timed-exchange'

export type { FiredTimeout } from './timed-exchange'

export interface SseEvent {
  /** The `event:` field, or undefined when the event had none. */
  event?: string
  /** The joined `data:` lines. */
  data: string
}

export interface SseFacts extends ResponseFacts {
  /** Message of the first error event seen in a 2xx stream. */
  errorEvent?: string
  /** True once the protocol's end marker went through. */
  sawEndMarker: boolean
  /** SSE comment lines seen (mlx_lm.server sends `: keepalive N/M` while it processes the prompt). */
  keepalives: number
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

export class SseExchange extends TimedExchange<SseFacts> {
  private eventName: string | undefined
  private data: string[] = []

  constructor(
    callerSignal: AbortSignal,
    private readonly isEndMarker: (event: SseEvent) => boolean,
  ) {
    super(callerSignal, { sawEndMarker: false, keepalives: 0 })
  }

  protected onLine(raw: string): void {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (text === '') return this.dispatch()
    if (text.startsWith(':')) {
      this.facts.keepalives++
      this.rearm()
      return
    }
    const colon = text.indexOf(':')
    const field = colon === -1 ? text : text.slice(0, colon)
    let value = colon === -1 ? '' : text.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'event') this.eventName = value
    else if (field === 'data') this.data.push(value)
  }

  protected override onEnd(): void {
    this.dispatch()
  }

  private dispatch(): void {
    if (this.data.length > 0) this.observe({ event: this.eventName, data: this.data.join('\n') })
    this.eventName = undefined
    this.data = []
  }

  private observe(event: SseEvent): void {
    if (this.isEndMarker(event)) this.facts.sawEndMarker = true
    if (this.facts.errorEvent === undefined) this.facts.errorEvent = errorMessageOf(event)
  }
}
