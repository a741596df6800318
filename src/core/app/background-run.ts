/**
 * Starts a run-like job (run, resume, rerun, replay, approve/reject) in the background for the
 * app: resolves once the core calls `onStart` (the run folder exists, preflight passed) with the
 * job's id, folder and notices; rejects with the core's typed error when it refuses before that.
 * The job is registered as active (cancelable) until it settles; its events go to the hub; an
 * error after it started is reported to `onBackgroundError` (the run records it as job.failed).
 */
import type { RunEvent } from '../../shared/run-event'
import type { ActiveRuns } from './active-runs'
import type { Hub } from './hub'

export interface StartedRun {
  jobId: string
  runDir: string
  notices: string[]
}

export interface LaunchHooks {
  signal: AbortSignal
  onEvent: (event: RunEvent) => void
  onStart: (info: { jobId: string; runDir: string; notices: readonly string[] }) => void
}

export interface BackgroundDeps {
  active: ActiveRuns
  hub: Hub<RunEvent>
  onBackgroundError?: (err: unknown) => void
}

export function startInBackground(deps: BackgroundDeps, launch: (hooks: LaunchHooks) => Promise<unknown>): Promise<StartedRun> {
  const controller = new AbortController()
  let markSettled: () => void = () => undefined
  const settled = new Promise<void>((resolve) => {
    markSettled = resolve
  })
  return new Promise((resolve, reject) => {
    let started = false
    launch({
      signal: controller.signal,
      onEvent: (event) => deps.hub.emit(event),
      onStart: (info) => {
        started = true
        deps.active.add(info.jobId, controller, settled)
        resolve({ jobId: info.jobId, runDir: info.runDir, notices: [...info.notices] })
      },
    }).then(
      () => markSettled(),
      (err: unknown) => {
        markSettled()
        if (started) deps.onBackgroundError?.(err)
        else reject(err)
      },
    )
  })
}
