/**
 * Run history: the list from `runs.list` (search and status filter are the backend's; sorting is
 * local), and the run opened from it (`runs.get`: manifest, stored events, run dir). Nothing is
 * kept locally, so history survives a reload or an app restart.
 */
import { create } from 'zustand'
import type { InvokeResponse } from '../../../shared/ipc'
import type { RunStatus } from '../../../shared/run-event'
import { call, errorText } from '../api/call'

export type RunSummary = InvokeResponse<'runs.list'>['runs'][number]
export type RunDetail = InvokeResponse<'runs.get'> & { jobId: string }
export type RunComparison = InvokeResponse<'runs.compare'>
export type SortKey = 'started_at' | 'status' | 'project' | 'duration_s' | 'provider' | 'tokens' | 'cost_usd'

export interface HistoryState {
  runs: RunSummary[]
  active: string[]
  search: string
  status: RunStatus | 'all'
  sortKey: SortKey
  sortDir: 'asc' | 'desc'
  loading: boolean
  error: string | null
  detail: RunDetail | null
  /** The run being shown or opened (set before `runs.get` answers, so the route is right at once). */
  detailJobId: string | null
  detailError: string | null
  /** Two runs side by side (`runs.compare`), shown instead of the table or a detail. */
  comparison: { a: string; b: string; result: RunComparison | null; error: string | null } | null
}

export interface HistoryActions {
  refresh(): Promise<void>
  setSearch(search: string): void
  setStatus(status: RunStatus | 'all'): void
  sortBy(key: SortKey): void
  open(jobId: string): Promise<void>
  close(): void
  compare(a: string, b: string): Promise<void>
  closeCompare(): void
}

function sortValue(run: RunSummary, key: SortKey): number | string {
  switch (key) {
    case 'tokens':
      return run.prompt_tokens + run.completion_tokens
    case 'duration_s':
      return run.duration_s ?? -1
    case 'cost_usd':
      return run.cost_usd ?? -1
    default:
      return run[key]
  }
}

export function sortRuns(runs: readonly RunSummary[], key: SortKey, dir: 'asc' | 'desc'): RunSummary[] {
  const sign = dir === 'asc' ? 1 : -1
  return [...runs].sort((a, b) => {
    const va = sortValue(a, key)
    const vb = sortValue(b, key)
    return (va < vb ? -1 : va > vb ? 1 : 0) * sign
  })
}

let refreshTicket = 0

export const useHistoryStore = create<HistoryState & HistoryActions>()((set, get) => ({
  runs: [],
  active: [],
  search: '',
  status: 'all',
  sortKey: 'started_at',
  sortDir: 'desc',
  loading: false,
  error: null,
  detail: null,
  detailJobId: null,
  detailError: null,
  comparison: null,
  async refresh() {
    const ticket = ++refreshTicket
    const { search, status } = get()
    set({ loading: true })
    try {
      const res = await call('runs.list', {
        limit: 500,
        ...(search.trim() ? { search: search.trim() } : {}),
        ...(status !== 'all' ? { status } : {}),
      })
      if (ticket === refreshTicket) set({ runs: res.runs, active: res.active, loading: false, error: null })
    } catch (err) {
      if (ticket === refreshTicket) set({ loading: false, error: errorText(err) })
    }
  },
  setSearch(search) {
    set({ search })
    void get().refresh()
  },
  setStatus(status) {
    set({ status })
    void get().refresh()
  },
  sortBy(key) {
    const { sortKey, sortDir } = get()
    set(
      sortKey === key ? { sortDir: sortDir === 'asc' ? 'desc' : 'asc' } : { sortKey: key, sortDir: key === 'started_at' ? 'desc' : 'asc' },
    )
  },
  async open(jobId) {
    set({ detailError: null, detailJobId: jobId, ...(get().detail?.jobId === jobId ? {} : { detail: null }) })
    try {
      const res = await call('runs.get', { jobId })
      if (get().detailJobId === jobId) set({ detail: { ...res, jobId } })
    } catch (err) {
      if (get().detailJobId === jobId) set({ detailError: errorText(err) })
    }
  },
  close() {
    set({ detail: null, detailJobId: null, detailError: null, comparison: null })
  },
  async compare(a, b) {
    set({ comparison: { a, b, result: null, error: null } })
    try {
      const result = await call('runs.compare', { a, b })
      if (get().comparison?.a === a && get().comparison?.b === b) set({ comparison: { a, b, result, error: null } })
    } catch (err) {
      if (get().comparison?.a === a && get().comparison?.b === b) set({ comparison: { a, b, result: null, error: errorText(err) } })
    }
  },
  closeCompare() {
    set({ comparison: null })
  },
}))
