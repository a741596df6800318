/**
 * The state of a past run at any event: `createScrubFrames(events).at(i)` folds events 0..i with
 * the same reducer the live graph uses (applyRunEvent), keeping a snapshot every SNAPSHOT_EVERY
 * events so dragging through a long run never refolds from the start. `summaryOf` gives what the
 * scrubber shows beside the graph: tokens so far and the files written up to that moment.
 */
import type { RunEvent } from '../../../../shared/run-event'
import { applyRunEvent } from '../../stores/apply-run-event'
import { emptyRunState, type RunState } from '../../stores/run-state'

export const SNAPSHOT_EVERY = 200

export interface ScrubFrames {
  readonly length: number
  at(index: number): RunState
}

export function createScrubFrames(events: readonly RunEvent[]): ScrubFrames {
  const snapshots: RunState[] = []
  let state: RunState = { ...emptyRunState }
  for (let i = 0; i < events.length; i++) {
    const event = events[i]
    if (event) state = applyRunEvent(state, event)
    if (i % SNAPSHOT_EVERY === 0) snapshots.push(state)
  }
  return {
    length: events.length,
    at(index) {
      if (events.length === 0) return { ...emptyRunState }
      const i = Math.min(Math.max(0, Math.floor(index)), events.length - 1)
      const base = Math.floor(i / SNAPSHOT_EVERY)
      let s = snapshots[base] ?? { ...emptyRunState }
      for (let j = base * SNAPSHOT_EVERY + 1; j <= i; j++) {
        const event = events[j]
        if (event) s = applyRunEvent(s, event)
      }
      return s
    },
  }
}

export interface ScrubSummary {
  tokens: number
  files: { path: string; step: string; sizeBytes: number }[]
  running: string[]
}

export function summaryOf(state: RunState): ScrubSummary {
  let tokens = 0
  const files: ScrubSummary['files'] = []
  const running: string[] = []
  for (const id of state.order) {
    const step = state.steps[id]
    if (!step) continue
    tokens += step.promptTokens + step.completionTokens
    for (const f of step.files) files.push({ path: f.path, step: id, sizeBytes: f.sizeBytes })
    if (step.status === 'running') running.push(id)
  }
  return { tokens, files, running }
}

/** The index of the last event at or before `ms` after the first event (for playback). */
export function indexAtTime(events: readonly RunEvent[], ms: number): number {
  const first = events[0]
  if (!first) return 0
  const limit = Date.parse(first.ts) + ms
  let lo = 0
  let hi = events.length - 1
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (Date.parse(events[mid]?.ts ?? '') <= limit) lo = mid
    else hi = mid - 1
  }
  return lo
}
