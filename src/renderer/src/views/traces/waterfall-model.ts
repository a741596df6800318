/**
 * Folds a run's events into a waterfall: one lane per step with its span (start → end), the
 * time it waited after its dependencies had finished (no free slot), its model calls (one span
 * per turn and attempt; a call cut by a retryable error ends at the retry), the backoff before
 * each retry, tool calls paired with their results, checks, and fix-loop rounds (corrective
 * turns, `step.round` fix rounds after a failed check) as markers; a reused step is a cached bar. Also one row per model turn with tokens and latency. Pure: the same events
 * give the same waterfall, live or stored; open spans end at `nowMs` (default: the last event).
 */
import type { RunEvent } from '../../../../shared/run-event'

export type SpanKind = 'step' | 'wait' | 'model' | 'backoff' | 'tool' | 'check' | 'fix'

export interface Span {
  id: string
  kind: SpanKind
  step: string
  /** Milliseconds from the run's start. */
  start: number
  end: number
  label: string
  /** 'running', 'succeeded', 'failed', 'cached', … for step, model, tool and check spans. */
  status: string
  /** Seq of the event that opened the span (links to the event pane). */
  seq: number
  callId?: string
}

export interface TurnRow {
  step: string
  attempt: number
  turn: number
  promptTokens: number
  completionTokens: number
  durationMs: number
  cached: boolean
  costUsd: number | null
  stopReason: string
  seq: number
}

interface Lane {
  step: string
  spans: Span[]
}

export interface Waterfall {
  /** Epoch ms of the first event (0 when there is none). */
  t0: number
  /** Length of the run so far in ms (≥ 1). */
  totalMs: number
  lanes: Lane[]
  turns: TurnRow[]
}

interface StepTrack {
  lane: Lane
  needs: string[]
  step: Span | null
  model: Span | null
  attempt: number
  tools: Map<string, Span>
}

const ms = (ts: string): number => {
  const t = Date.parse(ts)
  return Number.isNaN(t) ? 0 : t
}

export function buildWaterfall(events: readonly RunEvent[], nowMs?: number): Waterfall {
  const first = events[0]
  const t0 = first ? ms(first.ts) : 0
  const tracks = new Map<string, StepTrack>()
  const turns: TurnRow[] = []
  let jobStart = 0
  let lastAt = 0
  let n = 0
  const at = (event: RunEvent): number => Math.max(0, ms(event.ts) - t0)
  const track = (step: string): StepTrack => {
    let t = tracks.get(step)
    if (!t) {
      t = { lane: { step, spans: [] }, needs: [], step: null, model: null, attempt: 1, tools: new Map() }
      tracks.set(step, t)
    }
    return t
  }
  const open = (t: StepTrack, span: Omit<Span, 'id'>): Span => {
    const full: Span = { ...span, id: `s${n++}` }
    t.lane.spans.push(full)
    return full
  }
  const endOf = (step: string): number | null => {
    const span = tracks.get(step)?.step
    return span && span.status !== 'running' ? span.end : null
  }

  for (const event of events) {
    const now = at(event)
    lastAt = Math.max(lastAt, now)
    if (event.type === 'job.started') {
      jobStart = now
      for (const s of event.steps) track(s.id).needs = s.needs
      continue
    }
    if (!('step' in event)) continue
    const t = track(event.step)
    switch (event.type) {
      case 'step.started': {
        const ready = Math.max(jobStart, ...t.needs.map((id) => endOf(id) ?? jobStart))
        if (now > ready)
          open(t, {
            kind: 'wait',
            step: event.step,
            start: ready,
            end: now,
            label: t.needs.length > 0 ? 'waiting for a free slot' : 'starting',
            status: 'wait',
            seq: event.seq,
          })
        t.step = open(t, {
          kind: 'step',
          step: event.step,
          start: now,
          end: now,
          label: `${event.provider} ${event.model}`,
          status: 'running',
          seq: event.seq,
        })
        break
      }
      case 'llm.request':
        t.model = open(t, {
          kind: 'model',
          step: event.step,
          start: now,
          end: now,
          label: `attempt ${t.attempt} · turn ${event.turn}`,
          status: 'running',
          seq: event.seq,
        })
        break
      case 'llm.response': {
        if (t.model) {
          t.model.end = now
          t.model.status = event.cached ? 'cached' : 'succeeded'
          t.model = null
        }
        turns.push({
          step: event.step,
          attempt: t.attempt,
          turn: event.turn,
          promptTokens: event.usage.prompt_tokens,
          completionTokens: event.usage.completion_tokens,
          durationMs: event.duration_ms,
          cached: event.cached,
          costUsd: event.cost_usd,
          stopReason: event.stop_reason,
          seq: event.seq,
        })
        break
      }
      case 'step.retry': {
        if (t.model) {
          t.model.end = now
          t.model.status = 'failed'
          t.model.label += ` · ${event.error.kind}`
          t.model = null
        }
        open(t, {
          kind: 'backoff',
          step: event.step,
          start: now,
          end: now + event.delay_ms,
          label: `retry ${event.attempt} after ${event.error.kind}`,
          status: 'backoff',
          seq: event.seq,
        })
        t.attempt = event.attempt
        break
      }
      case 'step.tool_call':
        t.tools.set(
          event.call_id,
          open(t, {
            kind: 'tool',
            step: event.step,
            start: now,
            end: now,
            label: `${event.tool}${event.path ? ` ${event.path}` : ''}`,
            status: 'running',
            seq: event.seq,
            callId: event.call_id,
          }),
        )
        break
      case 'step.tool_result': {
        const span = t.tools.get(event.call_id)
        if (span) {
          span.end = now
          span.status = event.ok ? 'succeeded' : 'failed'
          t.tools.delete(event.call_id)
        }
        break
      }
      case 'step.corrective_turn':
        open(t, {
          kind: 'fix',
          step: event.step,
          start: now,
          end: now,
          label: `fix-loop round: ${event.reason}`,
          status: 'fix',
          seq: event.seq,
        })
        break
      case 'step.round':
        open(t, {
          kind: 'fix',
          step: event.step,
          start: now,
          end: now,
          label: `fix-loop round ${event.round}/${event.max_rounds}: ${event.check_step} ${event.reason}`,
          status: 'fix',
          seq: event.seq,
        })
        break
      case 'step.reused':
        open(t, {
          kind: 'step',
          step: event.step,
          start: now,
          end: now,
          label: `reused from ${event.from_job_id}`,
          status: 'cached',
          seq: event.seq,
        })
        break
      case 'step.check':
        open(t, {
          kind: 'check',
          step: event.step,
          start: Math.max(0, now - event.duration_s * 1000),
          end: now,
          label: `check ${event.command}${event.round !== undefined ? ` (round ${event.round})` : ''}`,
          status: event.status === 'passed' ? 'succeeded' : event.status === 'skipped' ? 'skipped' : 'failed',
          seq: event.seq,
        })
        break
      case 'step.succeeded':
      case 'step.failed':
      case 'step.cancelled':
        if (t.step) {
          t.step.end = now
          t.step.status = event.type === 'step.succeeded' ? (event.cache_hit ? 'cached' : 'succeeded') : event.type.slice(5)
        }
        if (t.model && event.type !== 'step.succeeded') {
          t.model.end = now
          t.model.status = event.type.slice(5)
          t.model = null
        }
        break
      default:
        break
    }
  }
  const end = Math.max(lastAt, nowMs !== undefined ? nowMs - t0 : 0)
  for (const t of tracks.values()) {
    for (const span of t.lane.spans) if (span.status === 'running') span.end = Math.max(span.end, end)
  }
  const lanes = [...tracks.values()].map((t) => t.lane)
  const spanEnd = Math.max(0, ...lanes.flatMap((l) => l.spans.map((s) => s.end)))
  return { t0, totalMs: Math.max(1, end, spanEnd), lanes, turns }
}
