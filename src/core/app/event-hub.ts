/**
 * Fan-out of RunEvents to UI listeners (the Electron window, WebSocket clients). A listener that
 * throws is isolated: the others still get the event and the run is never affected.
 */
import type { RunEvent } from '../../shared/run-event'

export type RunEventListener = (event: RunEvent) => void

export class EventHub {
  private readonly listeners = new Set<RunEventListener>()

  constructor(private readonly onListenerError?: (err: unknown) => void) {}

  subscribe(listener: RunEventListener): () => void {
    const entry: RunEventListener = (event) => listener(event)
    this.listeners.add(entry)
    return () => {
      this.listeners.delete(entry)
    }
  }

  emit(event: RunEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event)
      } catch (err) {
        this.onListenerError?.(err)
      }
    }
  }

  get size(): number {
    return this.listeners.size
  }
}
