/**
 * `useRunEvents(jobId, live)`: the raw events of one run for the Traces view: the stored events
 * (`runs.get`, re-read after a transport gap) merged by `seq` with the events pushed to this
 * window (live-event-log), so an event is never missing, doubled or out of order. Streamed
 * tokens beyond a cap are dropped, so a long run stays light.
 */
import { useEffect, useState } from 'react'
import type { RunEvent } from '../../../../shared/run-event'
import { call, errorText } from '../../api/call'
import { onEventGap } from '../../api/get-api'
import { liveEventsOf, mergeEvents, onLiveEvents } from '../../stores/live-event-log'

export interface RunEvents {
  events: RunEvent[]
  error: string | null
}

const MAX_KEPT_TOKENS = 5000

function capTokens(events: readonly RunEvent[]): RunEvent[] {
  let tokens = 0
  return events.filter((e) => e.type !== 'step.token' || tokens++ < MAX_KEPT_TOKENS)
}

export function useRunEvents(jobId: string | null, live: boolean): RunEvents {
  const [state, setState] = useState<RunEvents>({ events: [], error: null })
  useEffect(() => {
    setState({ events: [], error: null })
    if (!jobId) return
    let alive = true
    let stored: RunEvent[] = []
    const show = (): void => setState({ events: mergeEvents(stored, liveEventsOf(jobId)), error: null })
    const load = (): void => {
      call('runs.get', { jobId })
        .then((res) => {
          if (!alive) return
          stored = capTokens(res.events)
          show()
        })
        .catch((err: unknown) => alive && setState((s) => ({ ...s, error: errorText(err) })))
    }
    load()
    if (!live) {
      return () => {
        alive = false
      }
    }
    let queued = false
    const offLive = onLiveEvents((id) => {
      if (id !== jobId || queued) return
      queued = true
      requestAnimationFrame(() => {
        queued = false
        if (alive) show()
      })
    })
    const offGap = onEventGap(load)
    return () => {
      alive = false
      offLive()
      offGap()
    }
  }, [jobId, live])
  return state
}
