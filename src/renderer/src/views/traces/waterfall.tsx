/**
 * The waterfall: one lane per step on a shared time axis. Each lane has three rows: the step
 * (with its wait for a slot, checks and fix-loop rounds), its model calls (turns, failed
 * attempts, backoffs before retries) and its tool calls. Bars are buttons: choosing one selects
 * it (details below the waterfall). Positions are percentages of the run's length.
 */
import { formatMs } from './span-time'
import type { Span, SpanKind, Waterfall } from './waterfall-model'

const ROW_OF: Record<SpanKind, 0 | 1 | 2> = { step: 0, wait: 0, check: 0, fix: 0, model: 1, backoff: 1, tool: 2 }
const ROW_NAMES = ['step', 'model calls', 'tools'] as const

function pct(value: number, total: number): string {
  return `${Math.min(100, Math.max(0, (value / total) * 100)).toFixed(3)}%`
}

export function WaterfallChart({
  waterfall,
  selected,
  onSelect,
}: {
  waterfall: Waterfall
  selected: string | null
  onSelect(span: Span): void
}): React.JSX.Element {
  const { totalMs, lanes } = waterfall
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * totalMs)
  return (
    <div className="waterfall" data-testid="waterfall">
      <div className="waterfall-axis">
        <span className="waterfall-label" />
        <div className="waterfall-track">
          {ticks.map((t, i) => (
            <span key={i} className="waterfall-tick" style={{ left: pct(t, totalMs) }}>
              {formatMs(t)}
            </span>
          ))}
        </div>
      </div>
      {lanes.map((lane) => (
        <div className="waterfall-lane" key={lane.step} data-testid="waterfall-lane" data-step={lane.step}>
          <span className="waterfall-label" title={lane.step}>
            {lane.step}
          </span>
          <div className="waterfall-rows">
            {ROW_NAMES.map((name, row) => (
              <div className="waterfall-track" key={name} aria-label={`${lane.step} ${name}`}>
                {lane.spans
                  .filter((s) => ROW_OF[s.kind] === row)
                  .map((s) => (
                    <button
                      type="button"
                      key={s.id}
                      className={`span span-${s.kind} span-status-${s.status}${s.end <= s.start ? ' span-instant' : ''}${selected === s.id ? ' selected' : ''}`}
                      style={{
                        left: `min(${pct(s.start, totalMs)}, calc(100% - 8px))`,
                        width: s.end > s.start ? pct(s.end - s.start, totalMs) : undefined,
                      }}
                      title={`${s.label} · ${formatMs(s.end - s.start)}`}
                      data-testid="span"
                      data-kind={s.kind}
                      data-status={s.status}
                      onClick={() => onSelect(s)}
                    >
                      <span className="span-text">{s.label}</span>
                    </button>
                  ))}
                {row === 0 && lane.spans.length === 0 ? <span className="muted waterfall-empty">not started</span> : null}
              </div>
            ))}
          </div>
        </div>
      ))}
      {lanes.length === 0 ? <p className="muted">No steps yet.</p> : null}
    </div>
  )
}
