/**
 * Buffers items and hands them over in one batch per animation frame, so thousands of token
 * events per second cost one store update per frame. Order is preserved. `schedule` is injectable
 * for tests (defaults to requestAnimationFrame).
 */
export type FrameScheduler = (callback: () => void) => void

export interface FrameBatcher<T> {
  push(item: T): void
  /** Applies everything buffered now (e.g. before reading the store in a test). */
  flush(): void
  readonly pending: number
}

const defaultScheduler: FrameScheduler = (callback) => {
  requestAnimationFrame(() => callback())
}

export function createFrameBatcher<T>(apply: (batch: T[]) => void, schedule: FrameScheduler = defaultScheduler): FrameBatcher<T> {
  let buffer: T[] = []
  let scheduled = false
  const flush = (): void => {
    scheduled = false
    if (buffer.length === 0) return
    const batch = buffer
    buffer = []
    apply(batch)
  }
  return {
    push(item) {
      buffer.push(item)
      if (!scheduled) {
        scheduled = true
        schedule(flush)
      }
    },
    flush,
    get pending() {
      return buffer.length
    },
  }
}
