/**
 * Run stores: `createRunStore()` makes a store whose state changes ONLY through RunEvents
 * (`ingest` coalesces them per animation frame; `load` folds a stored event list at once, for a
 * past run). The live store follows the run started from this window; a past run opened from
 * history gets its own store. Components read whichever store the nearest RunStoreContext gives.
 */
import { createContext, useContext } from 'react'
import { createStore, useStore, type StoreApi } from 'zustand'
import type { RunEvent } from '../../../shared/run-event'
import { applyRunEvents } from './apply-run-event'
import { createFrameBatcher, type FrameScheduler } from './frame-batcher'
import { emptyRunState, type RunState } from './run-state'

export interface RunActions {
  /** Queue a live event; applied with the others on the next animation frame. */
  ingest(event: RunEvent): void
  /** Replace the state by folding a complete event list (a stored run). */
  load(events: readonly RunEvent[]): void
  /** Apply queued events, then these (a backfill), now. */
  ingestNow(events: readonly RunEvent[]): void
  /** Apply a pure settlement to the state (e.g. the manifest says the run was interrupted). */
  settle(fn: (state: RunState) => RunState): void
  /** Apply queued events now. */
  flush(): void
  reset(): void
}

export type RunStore = StoreApi<RunState & RunActions>

export function createRunStore(schedule?: FrameScheduler): RunStore {
  return createStore<RunState & RunActions>()((set) => {
    const batcher = createFrameBatcher<RunEvent>((batch) => set((s) => applyRunEvents(s, batch)), schedule)
    return {
      ...emptyRunState,
      ingest: (event) => batcher.push(event),
      load: (events) => set(() => applyRunEvents({ ...emptyRunState }, events)),
      ingestNow: (events) => {
        batcher.flush()
        set((s) => applyRunEvents(s, events))
      },
      settle: (fn) => {
        batcher.flush()
        set((s) => fn(s))
      },
      flush: () => batcher.flush(),
      reset: () => {
        batcher.flush()
        set(() => ({ ...emptyRunState }))
      },
    }
  })
}

/** The run started from this window. */
export const liveRunStore = createRunStore()

export const RunStoreContext = createContext<RunStore>(liveRunStore)

export function useRun<T>(selector: (state: RunState & RunActions) => T): T {
  return useStore(useContext(RunStoreContext), selector)
}
