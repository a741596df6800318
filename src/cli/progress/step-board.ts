/**
 * The live state of every step, folded from RunEvents for the TTY view: status, when it
 * started (by the local clock, so elapsed time can tick), attempts, tokens, cost, streamed characters
 * and files written. Pure bookkeeping: no timers, no output.
 */
import { addCost } from '../../shared/cost'
import { describeEvent } from '../../shared/event-text'
import type { RunEvent, StepStatus } from '../../shared/run-event'

export interface BoardStep {
  id: string
  agent: string
  provider: string
  model: string
  status: StepStatus
  cached: boolean
  startedAtMs: number | null
  durationS: number | null
  attempt: number
  tokens: number
  /** USD of this step's live model calls; null when a price is unknown. */
  costUsd: number | null
  streamedChars: number
  /** Distinct output paths written so far. */
  files: Set<string>
  /** While pending but ready: what it waits for (step.waiting), e.g. 'waiting for an Ollama slot (1 at a time; …)'. */
  waitingFor: string | null
}

export type JobOutcome = 'succeeded' | 'failed' | 'cancelled'

export class StepBoard {
  readonly steps = new Map<string, BoardStep>()
  outcome: JobOutcome | null = null

  apply(event: RunEvent, nowMs: number): void {
    if (event.type === 'job.started') {
      for (const s of event.steps) {
        if (!this.steps.has(s.id)) {
          this.steps.set(s.id, {
            id: s.id,
            agent: s.agent,
            provider: s.provider,
            model: s.model,
            status: 'pending',
            cached: false,
            startedAtMs: null,
            durationS: null,
            attempt: 0,
            tokens: 0,
            costUsd: 0,
            streamedChars: 0,
            files: new Set<string>(),
            waitingFor: null,
          })
        }
      }
      return
    }
    if (event.type === 'job.succeeded' || event.type === 'job.failed' || event.type === 'job.cancelled') {
      this.outcome = event.type === 'job.succeeded' ? 'succeeded' : event.type === 'job.failed' ? 'failed' : 'cancelled'
      return
    }
    if (!('step' in event)) return
    const step = this.steps.get(event.step)
    if (!step) return
    switch (event.type) {
      case 'step.waiting':
        if (step.status === 'pending') step.waitingFor = describeEvent(event, { step: false })
        break
      case 'step.started':
        step.status = 'running'
        step.waitingFor = null
        step.startedAtMs = nowMs
        step.provider = event.provider
        step.model = event.model
        step.attempt = 1
        break
      case 'step.retry':
        step.attempt = event.attempt
        break
      case 'step.token':
        step.streamedChars += event.text.length
        break
      case 'llm.response':
        step.tokens += event.usage.prompt_tokens + event.usage.completion_tokens
        if (!event.cached) step.costUsd = addCost(step.costUsd, event.cost_usd)
        break
      case 'file.written':
        step.files.add(event.path)
        break
      case 'step.succeeded':
        step.status = 'succeeded'
        step.durationS = event.duration_s
        step.cached = event.cache_hit
        step.tokens = event.usage.prompt_tokens + event.usage.completion_tokens
        break
      case 'step.failed':
        step.status = 'failed'
        step.durationS = event.duration_s
        break
      case 'step.skipped':
        step.status = 'skipped'
        break
      case 'step.cancelled':
        step.status = 'cancelled'
        step.durationS = step.startedAtMs === null ? null : event.duration_s
        break
      default:
        break
    }
  }

  running(): string[] {
    return [...this.steps.values()].filter((s) => s.status === 'running').map((s) => s.id)
  }
}
