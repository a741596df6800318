/**
 * What can be done with a run from its detail: Resume (continue it in place), Fresh run (all
 * steps again, no cache), Replay (from its folder, zero model calls), Open its spec in the Graph
 * view, Compare it with another run, Export it as a .zip (a browser download in browser mode, a file
 * in `<runs>/exports/` in Electron), and Delete it (a second click confirms). Buttons only show
 * when the core would accept them.
 */
import { useState } from 'react'
import type { RunStatus } from '../../../../shared/run-event'
import { openRunSpec, startAction } from '../../stores/run-actions'
import { formatBytes } from '../../../../shared/format-units'
import { bundleTransfer } from '../../api/bundle-transfer'
import { call, errorText } from '../../api/call'
import { useHistoryStore } from '../../stores/history-store'

const RESUMABLE: ReadonlySet<RunStatus> = new Set(['failed', 'cancelled', 'interrupted'])

export function RunActionsBar({ jobId, status }: { jobId: string; status: RunStatus }): React.JSX.Element {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [confirmDelete, setConfirmDelete] = useState(false)
  const [exported, setExported] = useState<{ text: string; path?: string } | null>(null)
  const runs = useHistoryStore((s) => s.runs)
  const act = async (work: () => Promise<string | null>): Promise<void> => {
    setBusy(true)
    setError(null)
    const failure = await work()
    setBusy(false)
    if (failure) setError(failure)
  }
  const finished = status !== 'running'
  const others = runs.filter((r) => r.job_id !== jobId)
  return (
    <div className="run-actions" data-testid="run-actions">
      {RESUMABLE.has(status) ? (
        <button
          className="primary"
          data-testid="action-resume"
          disabled={busy}
          onClick={() => void act(() => startAction('runs.resume', { jobId }))}
        >
          ↻ Resume
        </button>
      ) : null}
      <button
        data-testid="action-fresh"
        disabled={busy || !finished}
        title="Run every step again from the recorded spec, asking the models again (no cache)"
        onClick={() => void act(() => startAction('runs.rerun', { jobId, noCache: true }))}
      >
        Fresh run
      </button>
      <button
        data-testid="action-replay"
        disabled={busy || !finished}
        title="Run it again from its folder alone: every answer from its recorded cache, zero model calls"
        onClick={() => void act(() => startAction('runs.replay', { jobId }))}
      >
        Replay
      </button>
      <button data-testid="action-open-spec" disabled={busy} onClick={() => void act(() => openRunSpec(jobId))}>
        Open this run’s spec
      </button>
      <select
        data-testid="action-compare"
        aria-label="Compare with another run"
        value=""
        disabled={others.length === 0}
        onChange={(e) => {
          const other = e.currentTarget.value
          if (other) void useHistoryStore.getState().compare(other, jobId)
        }}
      >
        <option value="">Compare with…</option>
        {others.map((r) => (
          <option key={r.job_id} value={r.job_id}>
            {r.project} · {r.job_id} · {r.status}
          </option>
        ))}
      </select>
      <button
        data-testid="action-export"
        disabled={busy || !finished}
        title="Pack the run folder into one .zip bundle and save it (import it elsewhere by dropping it on the window)"
        onClick={() =>
          void act(async () => {
            try {
              const transfer = bundleTransfer()
              if (transfer) {
                const got = await transfer.download(jobId)
                setExported({ text: `Downloading ${got.fileName} (${formatBytes(got.zipBytes)})` })
              } else {
                const res = await call('runs.export', { jobId })
                setExported({ text: 'Exported to', path: res.file })
              }
              return null
            } catch (err) {
              return errorText(err)
            }
          })
        }
      >
        Export
      </button>
      <button
        className="danger"
        data-testid="action-delete"
        disabled={busy || !finished}
        title="Delete the run folder and its history row"
        onClick={() => {
          if (!confirmDelete) return setConfirmDelete(true)
          void act(async () => {
            try {
              await call('runs.delete', { jobId })
              useHistoryStore.getState().close()
              await useHistoryStore.getState().refresh()
              return null
            } catch (err) {
              return errorText(err)
            }
          })
        }}
      >
        {confirmDelete ? 'Click again to delete' : 'Delete'}
      </button>
      {exported ? (
        <span className="notice" data-testid="export-done">
          {exported.text} {exported.path ? <code>{exported.path}</code> : null}
        </span>
      ) : null}
      {error ? (
        <div className="error-text" data-testid="action-error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  )
}
