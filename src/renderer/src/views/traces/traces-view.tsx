/**
 * Traces of one run: a summary line, the waterfall of steps and model calls, the chosen span's
 * details (a tool call's arguments and result, a turn's tokens), tokens and latency per turn,
 * the event pane, and the run-folder browser. Works for the live run (events keep arriving)
 * and for a stored one.
 */
import { useMemo, useState } from 'react'
import type { RunEvent } from '../../../../shared/run-event'
import { formatCount } from '../../format'
import { useNow } from '../../hooks/use-now'
import { CopyButton } from './copy-button'
import { EventPane } from './event-pane'
import { RunFolderBrowser } from './run-folder-browser'
import { formatMs } from './span-time'
import { TurnsTable } from './turns-table'
import { useRunEvents } from './use-run-events'
import { WaterfallChart } from './waterfall'
import { buildWaterfall, type Span } from './waterfall-model'
import './traces.css'

const ENDS = new Set(['job.succeeded', 'job.failed', 'job.cancelled'])

function SpanDetail({ span, events, onShow }: { span: Span; events: readonly RunEvent[]; onShow(seq: number): void }): React.JSX.Element {
  const call = span.callId
    ? events.find((e) => e.type === 'step.tool_call' && e.call_id === span.callId && e.step === span.step)
    : undefined
  const result = span.callId
    ? events.find((e) => e.type === 'step.tool_result' && e.call_id === span.callId && e.step === span.step)
    : undefined
  return (
    <div className="span-detail" data-testid="span-detail" data-kind={span.kind}>
      <div>
        <strong>{span.step}</strong> · {span.kind} · {span.label} · {formatMs(span.end - span.start)}{' '}
        <button type="button" className="link" onClick={() => onShow(span.seq)}>
          show event #{span.seq}
        </button>
      </div>
      {call?.type === 'step.tool_call' && call.arguments !== undefined ? (
        <div className="tool-block">
          <div className="tool-block-head">
            Arguments{call.arguments_truncated ? ' (cut at 4000 characters)' : ''}{' '}
            <CopyButton text={call.arguments} testId="copy-span-arguments" />
          </div>
          <pre className="code" data-testid="span-arguments">
            {call.arguments}
          </pre>
        </div>
      ) : null}
      {result?.type === 'step.tool_result' ? (
        <div className="tool-block">
          <div className="tool-block-head">
            Result {result.ok ? '✓' : '✗'} <CopyButton text={result.content} testId="copy-span-result" />
          </div>
          <pre className="code" data-testid="span-result">
            {result.content}
          </pre>
        </div>
      ) : null}
    </div>
  )
}

export function TracesView({ jobId, live }: { jobId: string | null; live: boolean }): React.JSX.Element {
  const { events, error } = useRunEvents(jobId, live)
  const running = live && !events.some((e) => ENDS.has(e.type))
  const now = useNow(running)
  const waterfall = useMemo(() => buildWaterfall(events, running ? now : undefined), [events, running, now])
  const [selected, setSelected] = useState<Span | null>(null)
  const [focusSeq, setFocusSeq] = useState<number | null>(null)
  const totals = useMemo(() => {
    let prompt = 0
    let completion = 0
    for (const t of waterfall.turns) {
      prompt += t.promptTokens
      completion += t.completionTokens
    }
    const tools = events.filter((e) => e.type === 'step.tool_call').length
    const retries = events.filter((e) => e.type === 'step.retry').length
    return { prompt, completion, tools, retries }
  }, [waterfall, events])

  if (!jobId) {
    return (
      <p className="muted" data-testid="traces-empty">
        Run a spec, or open a run in History, to see its traces.
      </p>
    )
  }
  return (
    <section className="traces-view" data-testid="traces-view" data-job={jobId}>
      {error ? <div className="error-text">{error}</div> : null}
      <div className="traces-summary muted" data-testid="traces-summary">
        {jobId} · {waterfall.turns.length} model turns · {formatCount(totals.prompt)} prompt + {formatCount(totals.completion)} completion
        tokens · {totals.tools} tool calls · {totals.retries} {totals.retries === 1 ? 'retry' : 'retries'} · {formatMs(waterfall.totalMs)}
        {running ? ' · live' : ''}
      </div>
      <WaterfallChart waterfall={waterfall} selected={selected?.id ?? null} onSelect={setSelected} />
      {selected ? (
        <SpanDetail span={selected} events={events} onShow={setFocusSeq} />
      ) : (
        <p className="muted">Choose a bar to see its details.</p>
      )}
      <h3>Tokens and latency per turn</h3>
      <TurnsTable turns={waterfall.turns} onShow={setFocusSeq} />
      <h3>Events</h3>
      <EventPane events={events} focusSeq={focusSeq} />
      <h3>Run folder</h3>
      <RunFolderBrowser jobId={jobId} />
    </section>
  )
}
