/**
 * Keeps the live run store in step with the backend beyond the push stream: after a reload it
 * attaches to a run that is still active (`runs.list` → `runs.get`), and after an event gap (a
 * reconnect) it backfills the watched run with the events after its last `seq`. A run the
 * manifest calls interrupted (its process died) is settled so nothing keeps ticking.
 */
import { call } from '../api/call'
import { settleInterrupted } from './apply-run-event'
import { useAppStore } from './app-store'
import { useGraphStore } from './graph-store'
import { liveRunStore, type RunStore } from './run-store'

/** Brings `store` up to date with the stored run: everything after its last seq, then the manifest's verdict. */
export async function backfillRun(store: RunStore, jobId: string): Promise<void> {
  store.getState().flush()
  const current = store.getState()
  const known = current.jobId === jobId
  const res = await call('runs.get', known ? { jobId, afterSeq: current.lastSeq } : { jobId })
  if (known) store.getState().ingestNow(res.events)
  else store.getState().load(res.events)
  if (res.manifest.status === 'interrupted') store.getState().settle(settleInterrupted)
}

export async function resyncRun(jobId: string): Promise<void> {
  await backfillRun(liveRunStore, jobId)
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
