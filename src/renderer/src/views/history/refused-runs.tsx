/**
 * Runs the core refused before they started (from `runs.refused`): when, which spec, and the
 * reason with its fix. Shown above the history table, collapsed after the newest few.
 */
import { useEffect, useState } from 'react'
import type { InvokeResponse } from '../../../../shared/ipc'
import { call } from '../../api/call'
import { formatTime } from '../../format'
import { useHistoryStore } from '../../stores/history-store'

type Refusal = InvokeResponse<'runs.refused'>['refusals'][number]

export function RefusedRuns(): React.JSX.Element | null {
  const [refusals, setRefusals] = useState<Refusal[]>([])
  // Re-read whenever the history list is refreshed.
  const runs = useHistoryStore((s) => s.runs)
  useEffect(() => {
    let live = true
    call('runs.refused', { limit: 20 })
      .then((res) => live && setRefusals(res.refusals))
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [runs])
  if (refusals.length === 0) return null
  return (
    <details className="refused-runs" data-testid="refused-runs" open>
      <summary>Refused before starting ({refusals.length}): nothing was created for these; each says what to fix</summary>
      <ul className="plain-list">
        {refusals.map((r, i) => (
          <li key={i} data-testid="refused-run">
            <span className="status-badge status-failed">refused</span> {formatTime(r.ts)} · <strong>{r.project}</strong> ({r.fileName},{' '}
            {r.provider}) — <span className="error-text">{r.message}</span>
          </li>
        ))}
      </ul>
    </details>
  )
}
