/**
 * Fan-out of one kind of message to UI listeners (the Electron window, WebSocket clients): run
 * events and the contract's push messages (model pull progress) each go through one `Hub`. A
 * listener that throws is isolated: the others still get the message and the work that emitted
 * it is never affected.
 */
import type { PushChannel, PushPayload } from '../../shared/ipc'
import type { RunEvent } from '../../shared/run-event'

/** One push message: a contract channel and its payload. */
export type PushMessage = { [C in PushChannel]: { channel: C; payload: PushPayload<C> } }[PushChannel]
export type PushListener = (message: PushMessage) => void
export type RunEventListener = (event: RunEvent) => void

export class Hub<T> {
  private readonly listeners = new Set<(message: T) => void>()

  constructor(private readonly onListenerError?: (err: unknown) => void) {}

  /** Adds a listener; the returned function removes it (subscribing the same function twice adds it twice). */
  subscribe(listener: (message: T) => void): () => void {
    const entry = (message: T): void => listener(message)
    this.listeners.add(entry)
    return () => {
      this.listeners.delete(entry)
    }
  }

  emit(message: T): void {
    for (const listener of this.listeners) {
      try {
        listener(message)
      } catch (err) {
        this.onListenerError?.(err)
      }
    }
  }

  get size(): number {
    return this.listeners.size
  }
}
