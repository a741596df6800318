/** The run history table: search, status filter, sortable columns; a row opens the run. */
import { useEffect, useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { runStatusSchema } from '../../../../shared/run-event'
import { formatCost, formatDuration, formatTime } from '../../format'
import { sortRuns, useHistoryStore, type SortKey } from '../../stores/history-store'

const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'status', label: 'Status' },
  { key: 'project', label: 'Project' },
  { key: 'started_at', label: 'Started' },
  { key: 'duration_s', label: 'Duration' },
  { key: 'provider', label: 'Provider' },
  { key: 'tokens', label: 'Tokens' },
  { key: 'cost_usd', label: 'Cost' },
]

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
          value={h.search}
          onChange={(e) => actions.setSearch(e.currentTarget.value)}
        />
        <select
          data-testid="history-status"
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
        {h.loading ? <span className="muted">Loading…</span> : <span className="muted">{rows.length} runs</span>}
      </div>
      {h.error ? <div className="error-text">{h.error}</div> : null}
      <table className="data-table">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th
                key={c.key}
                className="sortable"
                data-testid={`sort-${c.key}`}
                onClick={() => actions.sortBy(c.key)}
                aria-sort={h.sortKey === c.key ? (h.sortDir === 'asc' ? 'ascending' : 'descending') : 'none'}
              >
                {c.label} {h.sortKey === c.key ? (h.sortDir === 'asc' ? '▲' : '▼') : ''}
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
              <td title={r.task_description}>{r.project}</td>
              <td>{formatTime(r.started_at)}</td>
              <td>{formatDuration(r.duration_s)}</td>
              <td>{r.provider}</td>
              <td>{r.prompt_tokens + r.completion_tokens}</td>
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
