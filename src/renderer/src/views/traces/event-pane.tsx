/**
 * The event pane: every event of the run (streamed tokens only when asked), filterable by step
 * and by type and searchable, newest at the bottom and following the live end unless the user
 * scrolled up. A row opens to its full JSON, with a copy button; tool calls show their
 * arguments and results there.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import { describeEvent } from '../../../../shared/event-text'
import type { RunEvent } from '../../../../shared/run-event'
import { CopyButton } from './copy-button'

const MAX_ROWS = 2000

export function EventPane({ events, focusSeq }: { events: readonly RunEvent[]; focusSeq?: number | null }): React.JSX.Element {
  const [step, setStep] = useState('all')
  const [type, setType] = useState('all')
  const [query, setQuery] = useState('')
  const [tokens, setTokens] = useState(false)
  const [open, setOpen] = useState<number | null>(null)
  const listRef = useRef<HTMLDivElement>(null)
  const follow = useRef(true)

  useEffect(() => {
    if (focusSeq !== undefined && focusSeq !== null) setOpen(focusSeq)
  }, [focusSeq])

  const steps = useMemo(() => [...new Set(events.flatMap((e) => ('step' in e ? [e.step] : [])))], [events])
  const types = useMemo(() => [...new Set(events.map((e) => e.type))].sort(), [events])
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase()
    const rows = events.filter(
      (e) =>
        (tokens || e.type !== 'step.token' || type === 'step.token') &&
        (step === 'all' || ('step' in e && e.step === step)) &&
        (type === 'all' || e.type === type) &&
        (q === '' || describeEvent(e).toLowerCase().includes(q) || e.type.includes(q)),
    )
    return rows.length > MAX_ROWS ? rows.slice(rows.length - MAX_ROWS) : rows
  }, [events, step, type, query, tokens])

  useEffect(() => {
    const el = listRef.current
    if (el && follow.current) el.scrollTop = el.scrollHeight
  }, [shown])

  return (
    <section className="event-pane" data-testid="event-pane">
      <div className="event-filters">
        <label>
          Step{' '}
          <select data-testid="event-filter-step" value={step} onChange={(e) => setStep(e.currentTarget.value)}>
            <option value="all">all steps</option>
            {steps.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Type{' '}
          <select data-testid="event-filter-type" value={type} onChange={(e) => setType(e.currentTarget.value)}>
            <option value="all">all types</option>
            {types.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <input data-testid="event-search" placeholder="Search events" value={query} onChange={(e) => setQuery(e.currentTarget.value)} />
        <label>
          <input type="checkbox" checked={tokens} onChange={(e) => setTokens(e.currentTarget.checked)} /> tokens
        </label>
        <span className="muted" data-testid="event-count">
          {shown.length} of {events.length} events
        </span>
      </div>
      <div
        className="event-list"
        ref={listRef}
        onScroll={(e) => {
          const el = e.currentTarget
          follow.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24
        }}
      >
        {shown.map((e) => (
          <div
            key={e.seq}
            className={`event-row level-${e.level}${open === e.seq ? ' open' : ''}`}
            data-testid="event-row"
            data-type={e.type}
            data-seq={e.seq}
          >
            <button
              type="button"
              className="event-line"
              aria-expanded={open === e.seq}
              onClick={() => setOpen(open === e.seq ? null : e.seq)}
            >
              <span className="event-seq">{e.seq}</span>
              <span className="event-time">{e.ts.slice(11, 23)}</span>
              <span className="event-step">{'step' in e ? e.step : ''}</span>
              <code className="event-type">{e.type}</code>
              <span className="event-summary">{describeEvent(e, { step: false })}</span>
            </button>
            {open === e.seq ? <EventDetail event={e} /> : null}
          </div>
        ))}
      </div>
    </section>
  )
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

function EventDetail({ event }: { event: RunEvent }): React.JSX.Element {
  const json = JSON.stringify(event, null, 2)
  return (
    <div className="event-detail" data-testid="event-detail">
      {event.type === 'step.tool_call' && event.arguments !== undefined ? (
        <div className="tool-block">
          <div className="tool-block-head">
            Arguments{event.arguments_truncated ? ' (cut)' : ''} <CopyButton text={event.arguments} testId="copy-arguments" />
          </div>
          <pre className="code" data-testid="tool-arguments">
            {prettyJson(event.arguments)}
          </pre>
        </div>
      ) : null}
      {event.type === 'step.tool_result' ? (
        <div className="tool-block">
          <div className="tool-block-head">
            Result {event.ok ? '✓' : '✗'}
            {event.truncated ? ' (cut)' : ''} <CopyButton text={event.content} testId="copy-result" />
          </div>
          <pre className="code" data-testid="tool-result">
            {event.content}
          </pre>
        </div>
      ) : null}
      <div className="tool-block-head">
        Event JSON <CopyButton text={json} testId="copy-event" />
      </div>
      <pre className="code">{json}</pre>
    </div>
  )
}
