/**
 * App-level UI state: which view is shown, the backend's `app.info`, the run being watched live,
 * the run whose outputs the Outputs browser shows, and the selected node for the side panel.
 */
import { create } from 'zustand'
import type { InvokeResponse } from '../../../shared/ipc'

export type ViewName = 'graph' | 'history' | 'outputs' | 'traces' | 'editor' | 'settings'
type AppInfo = InvokeResponse<'app.info'>

export interface AppState {
  view: ViewName
  info: AppInfo | null
  infoError: string | null
  /** Job started from this window (cancel target). */
  liveJobId: string | null
  outputsJobId: string | null
  /** File to open when the Outputs browser is shown. */
  outputsFile: string | null
  selectedStep: string | null
}

export interface AppActions {
  setView(view: ViewName): void
  setInfo(info: AppInfo | null, error?: string): void
  setLiveJob(jobId: string | null): void
  showOutputs(jobId: string, file?: string): void
  selectStep(step: string | null): void
}

export const useAppStore = create<AppState & AppActions>()((set) => ({
  view: 'graph',
  info: null,
  infoError: null,
  liveJobId: null,
  outputsJobId: null,
  outputsFile: null,
  selectedStep: null,
  setView: (view) => set({ view }),
  setInfo: (info, error) => set({ info, infoError: error ?? null }),
  setLiveJob: (jobId) => set(jobId ? { liveJobId: jobId, outputsJobId: jobId } : { liveJobId: null }),
  showOutputs: (jobId, file) => set({ view: 'outputs', outputsJobId: jobId, outputsFile: file ?? null }),
  selectStep: (step) => set({ selectedStep: step }),
}))
