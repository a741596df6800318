/**
 * Progress for pipes, logs and CI: one timestamped line per meaningful event as it happens
 * (starts, files written, retries, tool rejections, successes, failures), no ANSI codes.
 * Streamed tokens are never printed; model requests, cache lookups and provider calls only
 * with --verbose.
 */
import type { RunEvent, RunEventType } from '../../shared/run-event'
import { eventLine } from '../event-text'
import type { ProgressStart, ProgressView } from './progress-view'

const ALWAYS: ReadonlySet<RunEventType> = new Set<RunEventType>([
  'step.started', 'step.tool_rejected', 'step.retry', 'step.corrective_turn', 'step.succeeded', 'step.failed',
  'step.skipped', 'step.cancelled', 'file.written',
])
const VERBOSE: ReadonlySet<RunEventType> = new Set<RunEventType>([
  'step.tool_call', 'cache.hit', 'cache.miss', 'llm.request', 'llm.response', 'provider.call', 'artifact.created',
])

export function createPlainProgress(out: { write(s: string): void }, options: { verbose: boolean }): ProgressView {
  const shownNotices = new Set<string>()
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
      if (ALWAYS.has(event.type) || (options.verbose && VERBOSE.has(event.type))) out.write(`${eventLine(event)}\n`)
    },
    finish() {},
  }
}
