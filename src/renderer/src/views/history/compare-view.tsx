/**
 * Two runs compared (from `runs.compare`, the core's run diff): the runs, what changed in the
 * resolved spec, the steps side by side with the first step whose input diverged marked, and the
 * files that differ with their line diffs. All text renders as text.
 */
import { formatCost, formatDuration } from '../../format'
import { useHistoryStore, type RunComparison } from '../../stores/history-store'

type StepSide = RunComparison['steps'][number]['a']

function Side({ side }: { side: StepSide }): React.JSX.Element {
  if (!side) return <td className="muted">—</td>
  return (
    <td>
      <span className={`status-badge status-${side.cache_hit ? 'cached' : side.status}`}>{side.cache_hit ? 'cached' : side.status}</span>{' '}
      {side.provider}/{side.model} · {side.tokens} tok · {formatCost(side.cost_usd)} · {formatDuration(side.duration_s)}
    </td>
  )
}

export function CompareView(): React.JSX.Element | null {
  const comparison = useHistoryStore((s) => s.comparison)
  if (!comparison) return null
  const { result, error } = comparison
  return (
    <section className="compare-view" data-testid="compare-view">
      <header className="run-detail-head">
        <button onClick={() => useHistoryStore.getState().closeCompare()} data-testid="compare-back">
          ← Back
        </button>
        <h2>
          {comparison.a} ↔ {comparison.b}
        </h2>
      </header>
      {error ? (
        <div className="error-text" role="alert">
          {error}
        </div>
      ) : null}
      {!result && !error ? <p className="muted">Comparing…</p> : null}
      {result ? (
        <>
          <p data-testid="compare-divergent">
            {result.first_divergent_step ? (
              <>
                First step that diverged: <strong>{result.first_divergent_step}</strong>
              </>
            ) : (
              'No step diverged: every step had the same input in both runs.'
            )}
            {result.spec.length === 0
              ? ' · same spec'
              : ` · the resolved specs differ in ${result.spec.length} ${result.spec.length === 1 ? 'key' : 'keys'}:`}
          </p>
          {result.spec.length > 0 ? (
            <ul className="plain-list" data-testid="compare-spec">
              {result.spec.map((c) => (
                <li key={c.key}>
                  <code>{c.key}</code> {c.change}
                </li>
              ))}
            </ul>
          ) : null}
          <table className="data-table" data-testid="compare-steps">
            <thead>
              <tr>
                <th>Step</th>
                <th>A · {result.a.job_id}</th>
                <th>B · {result.b.job_id}</th>
                <th>Input</th>
              </tr>
            </thead>
            <tbody>
              {result.steps.map((s) => (
                <tr
                  key={s.id}
                  data-testid="compare-step"
                  data-step={s.id}
                  className={s.id === result.first_divergent_step ? 'divergent' : ''}
                >
                  <td>{s.id}</td>
                  <Side side={s.a} />
                  <Side side={s.b} />
                  <td>{s.same_input === null ? '—' : s.same_input ? 'same' : 'differs'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>
            Files: {result.totals.changed} changed, {result.totals.added} added, {result.totals.removed} removed, {result.totals.unchanged}{' '}
            unchanged
          </h3>
          {result.files.map((f) => (
            <details key={f.path} className="compare-file" data-testid="compare-file" data-path={f.path} open={result.files.length <= 5}>
              <summary>
                <code>{f.path}</code> {f.change}
                {f.content?.kind === 'text' ? ` (+${f.content.added} −${f.content.removed})` : ''}
              </summary>
              {f.content?.kind === 'text' ? (
                <div className="diff" data-testid="compare-diff">
                  {f.content.hunks.map((h, i) => (
                    <div key={i}>
                      <div className="diff-hunk">{`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`}</div>
                      {h.lines.map((line, j) => (
                        <div key={j} className={line.startsWith('+') ? 'diff-add' : line.startsWith('-') ? 'diff-del' : 'diff-same'}>
                          {line}
                        </div>
                      ))}
                    </div>
                  ))}
                </div>
              ) : f.content ? (
                <p className="muted">{'reason' in f.content ? f.content.reason : 'binary file: compared by hash'}</p>
              ) : null}
            </details>
          ))}
        </>
      ) : null}
    </section>
  )
}
