/**
 * The local model server as Settings shows it: the last `local.status` answer (or why it could not
 * be read) and every model pull of this session, fed by `local.pull` pushes. A pull that finishes
 * without an error refreshes the status, so the new model appears in the list. Pull state lives
 * here, not in the view, so leaving Settings during a pull loses nothing.
 */
import { create } from 'zustand'
import type { InvokeResponse, PushPayload } from '../../../shared/ipc'
import { call, errorText } from '../api/call'

type LocalStatus = InvokeResponse<'local.status'>
export type PullProgress = PushPayload<'local.pull'>

export interface LocalState {
  status: LocalStatus | null
  statusError: string | null
  loading: boolean
  /** By model name, in the order the pulls started. */
  pulls: Record<string, PullProgress>
  /** Why the last pull could not start. */
  pullError: string | null
}

export interface LocalActions {
  refresh(): Promise<void>
  pull(model: string): Promise<void>
  ingest(progress: PullProgress): void
}

/** The bar's value in percent: 100 once done, else completed / total of the current layer. */
export function pullPercent(p: PullProgress): number {
  if (p.done && p.error === undefined) return 100
  if (p.total <= 0) return 0
  return Math.max(0, Math.min(100, Math.round((p.completed / p.total) * 100)))
}

/** The pulls after one progress message; a message for a finished pull starts it over. */
function applyPullProgress(pulls: Readonly<Record<string, PullProgress>>, progress: PullProgress): Record<string, PullProgress> {
  return { ...pulls, [progress.model]: progress }
}

let refreshTicket = 0

export const useLocalStore = create<LocalState & LocalActions>()((set, get) => ({
  status: null,
  statusError: null,
  loading: false,
  pulls: {},
  pullError: null,
  async refresh() {
    const ticket = ++refreshTicket
    set({ loading: true })
    try {
      const status = await call('local.status', {})
      if (ticket === refreshTicket) set({ status, statusError: null, loading: false })
    } catch (err) {
      if (ticket === refreshTicket) set({ statusError: errorText(err), loading: false })
    }
  },
  async pull(model) {
    const name = model.trim()
    set({ pullError: null })
    const before = get().pulls[name]
    try {
      const { started } = await call('local.pull', { model: name })
      if (!started) set({ pullError: `${name} is already being pulled` })
      // Pushes may overtake the answer; only a pull nothing has been heard of yet shows 'starting'.
      else if (get().pulls[name] === before)
        set({ pulls: applyPullProgress(get().pulls, { model: name, status: 'starting', completed: 0, total: 0, done: false }) })
    } catch (err) {
      set({ pullError: errorText(err) })
    }
  },
  ingest(progress) {
    set({ pulls: applyPullProgress(get().pulls, progress) })
    if (progress.done && progress.error === undefined) void get().refresh()
  },
}))
