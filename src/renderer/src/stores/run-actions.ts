/**
 * The renderer side of the run actions: each starts a job through its typed channel, then the
 * Graph view follows that job live (a resumed or approved job keeps its id, so its stored events
 * are loaded first and the pushes continue them). "Open this run's spec" loads the spec a run ran
 * into the Graph view. Errors come back as the core's message, which names the fix.
 */
import type { InvokeRequest } from '../../../shared/ipc'
import { call, errorText } from '../api/call'
import { useAppStore } from './app-store'
import { useGraphStore } from './graph-store'
import { resyncRun } from './live-run'

export type StartingAction = 'runs.resume' | 'runs.rerun' | 'runs.replay' | 'runs.approve' | 'runs.reject'

/** Starts the action and shows its job in the Graph view; resolves to an error text, or null. */
export async function startAction<C extends StartingAction>(channel: C, request: InvokeRequest<C>): Promise<string | null> {
  try {
    const started = await call(channel, request)
    useAppStore.getState().setLiveJob(started.jobId)
    useAppStore.getState().selectStep(null)
    await resyncRun(started.jobId)
    useAppStore.getState().setView('graph')
    return null
  } catch (err) {
    return errorText(err)
  }
}

export async function openRunSpec(jobId: string): Promise<string | null> {
  try {
    const spec = await call('runs.spec', { jobId })
    useAppStore.getState().setView('graph')
    await useGraphStore.getState().loadSpec(spec.text, spec.fileName)
    return null
  } catch (err) {
    return errorText(err)
  }
}
