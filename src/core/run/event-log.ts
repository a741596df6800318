/**
 * events.jsonl: one RunEvent per line. `defaultLevel` gives each event type its log level;
 * `readEvents` reads a log tolerantly: a torn last line (a crash mid-append) is dropped and
 * reported, and lines that do not parse as RunEvents are counted, never thrown.
 */
import { readFileSync } from 'node:fs'
import { OrchestratorError } from '../errors'
import { runEventSchema, type RunEvent, type RunEventType } from '../../shared/run-event'
import { fsErrorCode } from './fs-error-code'

export function defaultLevel(type: RunEventType): RunEvent['level'] {
  switch (type) {
    case 'step.token':
    case 'step.thinking':
      return 'debug'
    case 'step.retry':
    case 'step.tool_rejected':
    case 'step.corrective_turn':
    case 'step.context_warning':
    case 'job.notice':
      return 'warn'
    case 'step.failed':
    case 'job.failed':
      return 'error'
    default:
      return 'info'
  }
}

export interface ReadEventsResult {
  events: RunEvent[]
  /** True when the file ended in a partial line that was dropped. */
  tornLastLine: boolean
  /** Complete lines that were not valid RunEvents (skipped). */
  invalidLines: number
}

function parseLine(line: string): RunEvent | undefined {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return undefined
  }
  const parsed = runEventSchema().safeParse(value)
  return parsed.success ? parsed.data : undefined
}

/** Parses JSONL text; a final segment without a newline is a torn line unless it is a valid event. */
export function parseEventLines(text: string): ReadEventsResult {
  const events: RunEvent[] = []
  let invalidLines = 0
  let tornLastLine = false
  const lines = text.split('\n')
  const last = lines.pop() ?? ''
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (line.trim() === '') continue
    const event = parseLine(line)
    if (event) events.push(event)
    else invalidLines++
  }
  if (last.trim() !== '') {
    const event = parseLine(last)
    if (event) events.push(event)
    else tornLastLine = true
  }
  return { events, tornLastLine, invalidLines }
}

/** Reads a run's events.jsonl. A missing file reads as an empty log. */
export function readEvents(path: string): ReadEventsResult {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    if (fsErrorCode(err) === 'ENOENT') return { events: [], tornLastLine: false, invalidLines: 0 }
    throw new OrchestratorError(
      {
        kind: 'io',
        retryable: false,
        message: `cannot read ${path} (${fsErrorCode(err) ?? 'unknown error'}); check the run folder's permissions`,
      },
      { cause: err },
    )
  }
  return parseEventLines(text)
}
