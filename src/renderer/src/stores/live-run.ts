/**
 * Keeps the live run store in step with the backend beyond the push stream: after a reload it
 * attaches to a run that is still active (`runs.list` → `runs.get`), and after an event gap it
 * re-reads the watched run. A stored snapshot replaces the state only when it is newer.
 */
import { call } from '../api/call'
import { useAppStore } from './app-store'
import { useGraphStore } from './graph-store'
import { liveRunStore } from './run-store'

export async function resyncRun(jobId: string): Promise<void> {
  const res = await call('runs.get', { jobId })
  liveRunStore.getState().flush()
  const current = liveRunStore.getState()
  const last = res.events[res.events.length - 1]
  if (current.jobId === jobId && last && last.seq <= current.lastSeq) return
  current.load(res.events)
  const run = liveRunStore.getState()
  useGraphStore.getState().followRun(run.order.map((id) => run.steps[id]).filter((s) => s !== undefined))
}

export async function attachToActiveRun(): Promise<void> {
  const list = await call('runs.list', { limit: 1 })
  const jobId = list.active[0]
  if (!jobId || liveRunStore.getState().jobId) return
  useAppStore.getState().setLiveJob(jobId)
  await resyncRun(jobId)
}

export function resyncLiveRun(): void {
  const jobId = liveRunStore.getState().jobId ?? useAppStore.getState().liveJobId
  if (jobId) void resyncRun(jobId).catch(() => undefined)
}
