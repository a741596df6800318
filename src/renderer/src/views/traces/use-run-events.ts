/**
 * `useRunEvents(jobId, live)`: the raw events of one run for the Traces view. It reads the
 * stored events (`runs.get`) and, for a live run, appends pushed events with a higher `seq`
 * (re-reading after a transport gap), so the pane never shows an event twice or out of order.
 * Streamed tokens are counted per step but not kept, so a long run stays light.
 */
import { useEffect, useState } from 'react'
import type { RunEvent } from '../../../../shared/run-event'
import { call, errorText } from '../../api/call'
import { getApi, onEventGap } from '../../api/get-api'

export interface RunEvents {
  events: RunEvent[]
  error: string | null
}

const MAX_KEPT_TOKENS = 5000

export function useRunEvents(jobId: string | null, live: boolean, given?: readonly RunEvent[]): RunEvents {
  const [state, setState] = useState<RunEvents>({ events: given ? [...given] : [], error: null })
  useEffect(() => {
    if (given) {
      setState({ events: [...given], error: null })
      return
    }
    if (!jobId) {
      setState({ events: [], error: null })
      return
    }
    let alive = true
    let lastSeq = -1
    let tokens = 0
    let pending: RunEvent[] = []
    let loaded = false
    const keep = (e: RunEvent): boolean => e.type !== 'step.token' || tokens++ < MAX_KEPT_TOKENS
    const load = (): void => {
      call('runs.get', { jobId })
        .then((res) => {
          if (!alive) return
          tokens = 0
          const stored = res.events.filter(keep)
          lastSeq = res.events.at(-1)?.seq ?? -1
          const extra = pending.filter((e) => e.seq > lastSeq)
          pending = []
          loaded = true
          if (extra.length > 0) lastSeq = extra[extra.length - 1]?.seq ?? lastSeq
          setState({ events: [...stored, ...extra], error: null })
        })
        .catch((err: unknown) => alive && setState((s) => ({ ...s, error: errorText(err) })))
    }
    load()
    if (!live) {
      return () => {
        alive = false
      }
    }
    const off = getApi().on('run.event', (event) => {
      if (event.job_id !== jobId) return
      if (!loaded) {
        pending.push(event)
        return
      }
      if (event.seq <= lastSeq) return
      lastSeq = event.seq
      if (keep(event)) setState((s) => ({ ...s, events: [...s.events, event] }))
    })
    const offGap = onEventGap(load)
    return () => {
      alive = false
      off()
      offGap()
    }
  }, [jobId, live, given])
  return state
}
