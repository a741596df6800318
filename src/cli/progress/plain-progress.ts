/**
 * Progress for pipes, logs and CI: one timestamped line per meaningful event as it happens
 * (starts, files written, retries, tool rejections, successes with their tokens and cost,
 * failures), no ANSI codes.
 * Streamed tokens are never printed; model requests, cache lookups and provider calls only
 * with --verbose.
 */
import type { RunEvent, RunEventType } from '../../shared/run-event'
import { addCost } from '../../shared/cost'
import { eventLine } from '../../shared/event-text'
import { formatUsd } from '../format-cost'
import type { ProgressStart, ProgressView } from './progress-view'

const ALWAYS: ReadonlySet<RunEventType> = new Set<RunEventType>([
  'step.waiting',
  'step.started',
  'step.tool_rejected',
  'step.retry',
  'step.corrective_turn',
  'step.context_warning',
  'step.succeeded',
  'step.failed',
  'step.skipped',
  'step.cancelled',
  'file.written',
  'step.check',
])
const VERBOSE: ReadonlySet<RunEventType> = new Set<RunEventType>([
  'step.tool_call',
  'step.tool_result',
  'cache.hit',
  'cache.miss',
  'llm.request',
  'llm.response',
  'provider.call',
  'artifact.created',
])

export function createPlainProgress(out: { write(s: string): void }, options: { verbose: boolean }): ProgressView {
  const shownNotices = new Set<string>()
  const stepCost = new Map<string, number | null>()
  return {
    start(info: ProgressStart) {
      out.write(`job ${info.jobId} → ${info.runDir}\n`)
      for (const notice of info.notices) {
        shownNotices.add(notice)
        out.write(`NOTICE: ${notice}\n`)
      }
    },
    event(event: RunEvent) {
      if (event.type === 'job.notice') {
        if (!shownNotices.has(event.message)) out.write(`NOTICE: ${event.message}\n`)
        shownNotices.add(event.message)
        return
      }
      if (event.type === 'llm.response' && !event.cached) stepCost.set(event.step, addCost(stepCost.get(event.step) ?? 0, event.cost_usd))
      if (event.type === 'step.succeeded') {
        out.write(`${eventLine(event)}, ${formatUsd(stepCost.get(event.step) ?? 0)}\n`)
        return
      }
      if (ALWAYS.has(event.type) || (options.verbose && VERBOSE.has(event.type))) out.write(`${eventLine(event)}\n`)
    },
    finish() {},
  }
}
