/**
 * The run history table: search, status filter, sortable columns (each header a button); every
 * row opens its run, and its project cell is a link (`#/history/<job_id>`) so Tab + Enter works.
 * Failed and interrupted rows say why.
 */
import { useEffect, useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { runStatusSchema } from '../../../../shared/run-event'
import { formatCost, formatDuration, formatTime } from '../../format'
import { ImportButton } from './import-button'
import { RefusedRuns } from './refused-runs'
import { sortRuns, useHistoryStore, type RunSummary, type SortKey } from '../../stores/history-store'

const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'status', label: 'Status' },
  { key: 'project', label: 'Project' },
  { key: 'started_at', label: 'Started' },
  { key: 'duration_s', label: 'Duration' },
  { key: 'provider', label: 'Provider' },
  { key: 'tokens', label: 'Tokens' },
  { key: 'cost_usd', label: 'Cost' },
]

function reasonOf(run: RunSummary): string | null {
  if (run.status === 'failed') return run.error ?? 'failed before any step failed (see its timeline)'
  if (run.status === 'interrupted') return 'interrupted: the process running it stopped before it finished'
  return null
}

export function HistoryTable(): React.JSX.Element {
  const h = useHistoryStore(
    useShallow((s) => ({
      runs: s.runs,
      search: s.search,
      status: s.status,
      sortKey: s.sortKey,
      sortDir: s.sortDir,
      loading: s.loading,
      error: s.error,
    })),
  )
  const actions = useHistoryStore.getState()
  useEffect(() => {
    void useHistoryStore.getState().refresh()
  }, [])
  const rows = useMemo(() => sortRuns(h.runs, h.sortKey, h.sortDir), [h.runs, h.sortKey, h.sortDir])
  return (
    <div className="history-table" data-testid="history-table">
      <div className="toolbar">
        <input
          type="search"
          placeholder="Search project or task…"
          data-testid="history-search"
          aria-label="Search runs"
          value={h.search}
          onChange={(e) => actions.setSearch(e.currentTarget.value)}
        />
        <select
          data-testid="history-status"
          aria-label="Status filter"
          value={h.status}
          onChange={(e) => actions.setStatus(e.currentTarget.value === 'all' ? 'all' : runStatusSchema.parse(e.currentTarget.value))}
        >
          <option value="all">All statuses</option>
          {runStatusSchema.options.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <button onClick={() => void actions.refresh()} data-testid="history-refresh">
          Refresh
        </button>
        <ImportButton />
        {h.loading ? <span className="muted">Loading…</span> : <span className="muted">{rows.length} runs</span>}
      </div>
      {h.error ? <div className="error-text">{h.error}</div> : null}
      <RefusedRuns />
      <table className="data-table">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th
                key={c.key}
                className="sortable"
                aria-sort={h.sortKey === c.key ? (h.sortDir === 'asc' ? 'ascending' : 'descending') : 'none'}
              >
                <button className="sort-button" data-testid={`sort-${c.key}`} onClick={() => actions.sortBy(c.key)}>
                  {c.label} <span aria-hidden="true">{h.sortKey === c.key ? (h.sortDir === 'asc' ? '▲' : '▼') : ''}</span>
                </button>
              </th>
            ))}
            <th>Steps</th>
            <th>Files</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.job_id}
              className="clickable"
              data-testid="history-row"
              data-job={r.job_id}
              data-status={r.status}
              onClick={() => void actions.open(r.job_id)}
            >
              <td>
                <span className={`status-badge status-${r.status}`}>{r.status}</span>
              </td>
              <td title={r.task_description}>
                <a href={`#/history/${r.job_id}`} data-testid="history-link" onClick={(e) => e.stopPropagation()}>
                  {r.project}
                </a>
                {reasonOf(r) ? (
                  <div className="row-reason" data-testid="history-reason" title={reasonOf(r) ?? undefined}>
                    {reasonOf(r)}
                  </div>
                ) : null}
              </td>
              <td>{formatTime(r.started_at)}</td>
              <td>{formatDuration(r.duration_s)}</td>
              <td>{r.provider}</td>
              <td>
                {r.prompt_tokens + r.completion_tokens}
                {r.saved_tokens > 0 ? (
                  <div className="row-reason saved" data-testid="history-saved">
                    cached: {r.saved_tokens} saved
                  </div>
                ) : null}
              </td>
              <td>{formatCost(r.cost_usd)}</td>
              <td>
                {r.steps_succeeded}/{r.steps_total}
              </td>
              <td>{r.files}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && !h.loading ? (
        <p className="muted" data-testid="history-empty">
          No runs yet.
        </p>
      ) : null}
    </div>
  )
}
