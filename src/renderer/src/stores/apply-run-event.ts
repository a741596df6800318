/**
 * The one reducer of run progress: `applyRunEvent(state, event)` folds a RunEvent into RunState.
 * Pure and immutable: only the changed step object gets a new identity, so a node re-renders only
 * when its own step changes. Events of another job are ignored unless they start a new job
 * (`job.started` resets the state); events with a `seq` already applied are ignored, so a replay
 * after a reconnect is harmless.
 */
import { addCost } from '../../../shared/cost'
import { describeEvent } from '../../../shared/event-text'
import type { RunEvent } from '../../../shared/run-event'
import {
  MAX_TEXT_CHARS,
  MAX_TIMELINE,
  emptyRunState,
  newStep,
  type ErrorSummary,
  type RunState,
  type StepRunState,
  type TimelineEntry,
  type ToolCallView,
} from './run-state'

const errorOf = (e: { kind: string; message: string }): ErrorSummary => ({ kind: e.kind, message: e.message })

function withTimeline(state: RunState, event: RunEvent): TimelineEntry[] {
  if (event.type === 'step.token' || event.type === 'step.thinking') return state.timeline
  const entry: TimelineEntry = {
    seq: event.seq,
    ts: event.ts,
    type: event.type,
    step: 'step' in event ? event.step : null,
    summary: describeEvent(event, { step: false }),
    level: event.level,
  }
  const next = state.timeline.length >= MAX_TIMELINE ? state.timeline.slice(1) : state.timeline.slice()
  next.push(entry)
  return next
}

function appendText(step: StepRunState, text: string): Pick<StepRunState, 'text' | 'textTruncated'> {
  const joined = step.text + text
  if (joined.length <= MAX_TEXT_CHARS) return { text: joined, textTruncated: step.textTruncated }
  return { text: joined.slice(joined.length - MAX_TEXT_CHARS), textTruncated: true }
}

function stepPatch(step: StepRunState, event: RunEvent): Partial<StepRunState> | null {
  switch (event.type) {
    case 'step.waiting':
      return step.status === 'pending' ? { status: 'waiting', waitingFor: describeEvent(event, { step: false }) } : null
    case 'step.started':
      return { status: 'running', waitingFor: null, startedAt: event.ts, agent: event.agent, provider: event.provider, model: event.model }
    case 'step.token':
      return { ...appendText(step, event.text), streamedChunks: step.streamedChunks + 1 }
    case 'step.thinking': {
      const thinking = step.thinking + event.text
      return { thinking: thinking.length <= MAX_TEXT_CHARS ? thinking : thinking.slice(thinking.length - MAX_TEXT_CHARS) }
    }
    case 'step.tool_call': {
      const call: ToolCallView = {
        tool: event.tool,
        callId: event.call_id,
        ...(event.path ? { path: event.path } : {}),
        ...(event.arguments !== undefined ? { arguments: event.arguments, argumentsTruncated: event.arguments_truncated === true } : {}),
      }
      return { toolCalls: [...step.toolCalls, call] }
    }
    case 'step.tool_result': {
      const index = step.toolCalls.findLastIndex((c) => c.callId === event.call_id && c.result === undefined)
      const found = step.toolCalls[index]
      if (!found) return null
      const toolCalls = step.toolCalls.slice()
      toolCalls[index] = { ...found, result: { ok: event.ok, content: event.content, truncated: event.truncated } }
      return { toolCalls }
    }
    case 'step.tool_rejected':
      return {
        toolCalls: [
          ...step.toolCalls,
          { tool: event.tool, callId: '', ...(event.path ? { path: event.path } : {}), rejected: event.reason },
        ],
      }
    case 'step.retry':
      return {
        retries: [...step.retries, { attempt: event.attempt, delayMs: event.delay_ms, error: errorOf(event.error) }],
        ...appendText(
          step,
          `\n[attempt ${event.attempt}${event.max_attempts ? ` of ${event.max_attempts}` : ''}: ${event.error.message}]\n`,
        ),
      }
    case 'llm.request':
      return { turns: Math.max(step.turns, event.turn) }
    case 'llm.response':
      // Like the manifest: cached answers count as saved, never as live tokens or spend.
      if (event.cached)
        return {
          savedTokens: step.savedTokens + event.usage.prompt_tokens + event.usage.completion_tokens,
          savedUsd: addCost(step.savedUsd, event.saved_usd ?? null),
        }
      return {
        promptTokens: step.promptTokens + event.usage.prompt_tokens,
        completionTokens: step.completionTokens + event.usage.completion_tokens,
        costUsd: addCost(step.costUsd, event.cost_usd),
      }
    case 'file.written': {
      const file = { path: event.path, sha256: event.sha256, sizeBytes: event.size_bytes, mediaType: event.media_type }
      return { files: [...step.files.filter((f) => f.path !== event.path), file] }
    }
    case 'step.succeeded':
      return {
        status: event.cache_hit ? 'cached' : 'succeeded',
        finishedAt: event.ts,
        durationS: event.duration_s,
        attempts: event.attempts,
        promptTokens: event.usage.prompt_tokens,
        completionTokens: event.usage.completion_tokens,
      }
    case 'step.failed':
      return { status: 'failed', finishedAt: event.ts, durationS: event.duration_s, attempts: event.attempts, error: errorOf(event.error) }
    case 'step.skipped':
      return { status: 'skipped', finishedAt: event.ts, skipReason: event.reason }
    case 'step.cancelled':
      // The scheduler cancels never-started steps too: those did not run, so they have no time.
      return step.startedAt === null
        ? { status: 'not-started', finishedAt: null, durationS: null }
        : { status: 'cancelled', finishedAt: event.ts, durationS: event.duration_s }
    case 'step.reused':
      return { status: 'cached', finishedAt: event.ts, durationS: 0, savedTokens: event.saved_tokens, savedUsd: event.saved_usd }
    case 'step.awaiting_approval':
      return { status: 'awaiting_approval' }
    case 'step.approved':
      return { status: 'pending' }
    case 'step.rejected':
      return { status: 'failed', finishedAt: event.ts, error: { kind: 'rejected', message: event.reason } }
    default:
      return null
  }
}

function startJob(event: Extract<RunEvent, { type: 'job.started' }>): RunState {
  const steps: Record<string, StepRunState> = {}
  for (const step of event.steps) steps[step.id] = newStep(step)
  return {
    ...emptyRunState,
    jobId: event.job_id,
    project: event.project,
    task: event.task_description,
    provider: event.provider,
    status: 'running',
    startedAt: event.ts,
    order: event.steps.map((s) => s.id),
    steps,
    parentJobId: event.parent_job_id ?? null,
    rerunFrom: event.rerun_from ?? null,
    budget: event.budget ?? null,
  }
}

/**
 * Steps still pending (or waiting) or running when the job ends take the job's final word: a running step is
 * cancelled (or interrupted), a step that never began is skipped after a failure and otherwise
 * not started.
 */
function settleSteps(state: RunState, end: 'cancelled' | 'failed' | 'interrupted', ts: string): Record<string, StepRunState> {
  const steps: Record<string, StepRunState> = {}
  for (const [id, step] of Object.entries(state.steps)) {
    if (step.status === 'running') steps[id] = { ...step, status: end === 'interrupted' ? 'interrupted' : 'cancelled', finishedAt: ts }
    else if (step.status === 'pending' || step.status === 'waiting')
      steps[id] = { ...step, status: end === 'failed' ? 'skipped' : 'not-started' }
    else steps[id] = step
  }
  return steps
}

/**
 * A run whose manifest says `interrupted` (its process died) has no closing event: it ends at its
 * last event, running steps become interrupted and pending ones not started, so nothing ticks.
 */
export function settleInterrupted(state: RunState): RunState {
  if (state.status !== 'running') return state
  const last = state.timeline[state.timeline.length - 1]?.ts ?? state.startedAt ?? new Date(0).toISOString()
  const durationS = state.startedAt ? Math.max(0, (Date.parse(last) - Date.parse(state.startedAt)) / 1000) : null
  return { ...state, status: 'interrupted', durationS, steps: settleSteps(state, 'interrupted', last) }
}

export function applyRunEvent(state: RunState, event: RunEvent): RunState {
  if (event.type === 'job.started') {
    if (event.job_id === state.jobId && event.seq <= state.lastSeq) return state
    const started = startJob(event)
    return { ...started, lastSeq: event.seq, timeline: withTimeline(started, event) }
  }
  if (event.job_id !== state.jobId || event.seq <= state.lastSeq) return state
  const base: RunState = { ...state, lastSeq: event.seq, timeline: withTimeline(state, event) }
  switch (event.type) {
    case 'step.context_warning':
      return { ...base, notices: [...state.notices, `${event.step}: ${event.message}`] }
    case 'job.notice':
      return { ...base, notices: [...state.notices, event.message] }
    case 'job.succeeded':
      return { ...base, status: 'succeeded', durationS: event.duration_s }
    case 'job.failed':
      return {
        ...base,
        status: 'failed',
        durationS: event.duration_s,
        error: errorOf(event.error),
        steps: settleSteps(state, 'failed', event.ts),
      }
    case 'job.cancelled':
      return { ...base, status: 'cancelled', durationS: event.duration_s, steps: settleSteps(state, 'cancelled', event.ts) }
    case 'job.resumed':
      return { ...base, status: 'running' }
    case 'job.awaiting_approval':
      return { ...base, status: 'awaiting_approval', durationS: event.duration_s }
    default:
      break
  }
  if (!('step' in event)) return base
  const current = state.steps[event.step]
  if (!current) return base
  const patch = stepPatch(current, event)
  if (!patch) return base
  return { ...base, steps: { ...state.steps, [event.step]: { ...current, ...patch } } }
}

export function applyRunEvents(state: RunState, events: readonly RunEvent[]): RunState {
  let next = state
  for (const event of events) next = applyRunEvent(next, event)
  return next
}
