/**
 * Everything observed about one HTTP exchange with Ollama, so failures are classified from facts
 * (HTTP status, an `{error}` line, a missing `done` line, which timer fired) rather than from
 * the client library's error text. `fetch` is the instrumented fetch handed to the Ollama client:
 * it adds our cancellation signal, records the response status and headers, and watches the
 * ND-JSON body as it streams through.
 */

import { TimedExchange, type ResponseFacts } from '../http/timed-exchange'

export type { FiredTimeout } from '../http/timed-exchange'

export interface ExchangeFacts extends ResponseFacts {
  /** Message of the first `{"error": …}` line seen in a 2xx stream. */
  errorLine?: string
  /** True once a line with `done: true` went through. */
  sawDone: boolean
}

export class Exchange extends TimedExchange<ExchangeFacts> {
  constructor(callerSignal: AbortSignal) {
    super(callerSignal, { sawDone: false })
  }

  protected onLine(line: string): void {
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
}
