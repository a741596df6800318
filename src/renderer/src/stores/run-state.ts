/**
 * The shape of one run as the UI sees it, folded from RunEvents only (see apply-run-event).
 * `NodeStatus` adds to the core's step statuses what the events and manifest say but the step
 * status alone does not: `cached` (succeeded from the cache), `not-started` (the run ended before
 * the step began), `interrupted` (it was running when the process that ran it died) and `waiting`
 * (ready, but its provider already runs as many steps as it takes at once: step.waiting).
 */
import type { GraphStep, RunStatus, StepStatus } from '../../../shared/run-event'

export type NodeStatus = StepStatus | 'cached' | 'not-started' | 'interrupted' | 'waiting'
type LiveRunStatus = RunStatus | 'idle'

export interface ErrorSummary {
  kind: string
  message: string
}

export interface ToolCallView {
  tool: string
  callId: string
  path?: string
  rejected?: string
  /** JSON of the arguments, bounded by the core (TOOL_TRACE_CHARS). */
  arguments?: string
  argumentsTruncated?: boolean
  result?: { ok: boolean; content: string; truncated: boolean }
}

interface FileView {
  path: string
  sha256: string
  sizeBytes: number
  mediaType: string
}

interface RetryView {
  attempt: number
  delayMs: number
  error: ErrorSummary
}

export interface StepRunState {
  id: string
  agent: string
  needs: string[]
  provider: string
  model: string
  status: NodeStatus
  /** Event timestamps (ISO). */
  startedAt: string | null
  finishedAt: string | null
  durationS: number | null
  promptTokens: number
  completionTokens: number
  /** USD of live calls so far; null once any call had an unknown price. */
  costUsd: number | null
  /** Tokens and USD answered from the cache instead of a model (USD null when a price is unknown). */
  savedTokens: number
  savedUsd: number | null
  /** step.token events seen (a live count while usage is not yet reported). */
  streamedChunks: number
  /** Streamed text, capped at MAX_TEXT_CHARS (the tail is kept). */
  text: string
  textTruncated: boolean
  /** The model's streamed reasoning (step.thinking), capped like `text`; never part of the output. */
  thinking: string
  turns: number
  toolCalls: ToolCallView[]
  files: FileView[]
  retries: RetryView[]
  attempts: number
  error: ErrorSummary | null
  skipReason: string | null
  /** While `waiting`: what it waits for, e.g. 'waiting for an Ollama slot (1 at a time; …)'. */
  waitingFor: string | null
}

export interface TimelineEntry {
  seq: number
  ts: string
  type: string
  step: string | null
  summary: string
  level: string
}

export interface RunState {
  jobId: string | null
  project: string
  task: string
  provider: string
  status: LiveRunStatus
  startedAt: string | null
  durationS: number | null
  error: ErrorSummary | null
  notices: string[]
  /** Step ids in the order of job.started. */
  order: string[]
  steps: Record<string, StepRunState>
  lastSeq: number
  /** Every event except tokens, capped at MAX_TIMELINE. */
  timeline: TimelineEntry[]
  /** A rerun: the job it was made from and the step it reran from (null otherwise). */
  parentJobId: string | null
  rerunFrom: string | null
  /** The run's spending cap from job.started (null: none). */
  budget: { max_usd?: number; max_tokens?: number } | null
}

export const MAX_TEXT_CHARS = 512 * 1024
export const MAX_TIMELINE = 5000

export const emptyRunState: RunState = {
  jobId: null,
  project: '',
  task: '',
  provider: '',
  status: 'idle',
  startedAt: null,
  durationS: null,
  error: null,
  notices: [],
  order: [],
  steps: {},
  lastSeq: -1,
  timeline: [],
  parentJobId: null,
  rerunFrom: null,
  budget: null,
}

export function newStep(step: GraphStep): StepRunState {
  return {
    id: step.id,
    agent: step.agent,
    needs: step.needs,
    provider: step.provider,
    model: step.model,
    status: 'pending',
    startedAt: null,
    finishedAt: null,
    durationS: null,
    promptTokens: 0,
    completionTokens: 0,
    costUsd: 0,
    savedTokens: 0,
    savedUsd: 0,
    streamedChunks: 0,
    text: '',
    textTruncated: false,
    thinking: '',
    turns: 0,
    toolCalls: [],
    files: [],
    retries: [],
    attempts: 0,
    error: null,
    skipReason: null,
    waitingFor: null,
  }
}
