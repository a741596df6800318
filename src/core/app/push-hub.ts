/**
 * Fan-out of non-run push messages (model pull progress) to UI listeners, typed by the push
 * contract. Like the EventHub, a listener that throws is isolated: the others still get the
 * message and the work that emitted it is never affected.
 */
import type { PushChannel, PushPayload } from '../../shared/ipc'

/** One push message: a contract channel and its payload. */
export type PushMessage = { [C in PushChannel]: { channel: C; payload: PushPayload<C> } }[PushChannel]
export type PushListener = (message: PushMessage) => void

export class PushHub {
  private readonly listeners = new Set<PushListener>()

  constructor(private readonly onListenerError?: (err: unknown) => void) {}

  subscribe(listener: PushListener): () => void {
    const entry: PushListener = (message) => listener(message)
    this.listeners.add(entry)
    return () => {
      this.listeners.delete(entry)
    }
  }

  emit(message: PushMessage): void {
    for (const listener of this.listeners) {
      try {
        listener(message)
      } catch (err) {
        this.onListenerError?.(err)
      }
    }
  }
}
