/**
 * The raw RunEvents pushed to this window, per job (the last few jobs, streamed tokens capped),
 * for views that need more than the folded run state (Traces). Fed by the app shell's one
 * `run.event` subscription, so nothing pushed while a view was closed is missed; the stored
 * events.jsonl may lag behind (it is flushed at step boundaries), the pushes do not.
 */
import type { RunEvent } from '../../../shared/run-event'

const MAX_JOBS = 3
const MAX_TOKENS_PER_JOB = 5000

interface JobLog {
  events: RunEvent[]
  tokens: number
  lastSeq: number
}

const jobs = new Map<string, JobLog>()
const listeners = new Set<(jobId: string) => void>()

export function pushLiveEvent(event: RunEvent): void {
  let log = jobs.get(event.job_id)
  if (!log) {
    log = { events: [], tokens: 0, lastSeq: -1 }
    jobs.set(event.job_id, log)
    while (jobs.size > MAX_JOBS) jobs.delete(jobs.keys().next().value ?? '')
  }
  if (event.seq <= log.lastSeq) return
  log.lastSeq = event.seq
  if (event.type === 'step.token' && log.tokens++ >= MAX_TOKENS_PER_JOB) return
  log.events.push(event)
  for (const listener of listeners) listener(event.job_id)
}

export function liveEventsOf(jobId: string): readonly RunEvent[] {
  return jobs.get(jobId)?.events ?? []
}

export function onLiveEvents(listener: (jobId: string) => void): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

/** Stored and pushed events of one job, in seq order, each once. */
export function mergeEvents(stored: readonly RunEvent[], pushed: readonly RunEvent[]): RunEvent[] {
  const bySeq = new Map<number, RunEvent>()
  for (const e of stored) bySeq.set(e.seq, e)
  for (const e of pushed) if (!bySeq.has(e.seq)) bySeq.set(e.seq, e)
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq)
}
