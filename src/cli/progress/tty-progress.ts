/**
 * Live progress for a terminal: a block with a header ("running: builder ‖ docs") and one line
 * per step (symbol, id, agent, provider/model, ticking elapsed time, tokens or streamed chars, cost,
 * files), redrawn in place with cursor-up + clear. Redraws are throttled to one per interval
 * (token events only mark the block dirty). Retries, tool rejections, failures and late notices
 * are printed as permanent lines above the block (they may wrap). Block lines are cut to the
 * terminal width so the cursor arithmetic stays exact.
 */
import type { RunEvent } from '../../shared/run-event'
import { describeError, describeEvent } from '../../shared/event-text'
import { formatCount, formatDuration } from '../format'
import { formatUsd } from '../format-cost'
import type { ProgressStart, ProgressView } from './progress-view'
import { StepBoard, type BoardStep } from './step-board'

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
const SYMBOLS: Record<Exclude<BoardStep['status'], 'running'>, string> = {
  pending: '·',
  succeeded: '✓',
  failed: '✗',
  skipped: '↷',
  cancelled: '⊘',
  awaiting_approval: '⏸',
  interrupted: '⊘',
}

export interface TtyProgressOptions {
  columns?: number
  /** Minimum milliseconds between redraws (default 100, i.e. at most 10 redraws/s). */
  intervalMs?: number
  now?: () => number
}

function fitWidth(line: string, width: number): string {
  const chars = [...line]
  return chars.length <= width ? line : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`
}

function symbolFor(step: BoardStep, frame: number): string {
  if (step.status === 'running') return SPINNER[frame % SPINNER.length] ?? '*'
  if (step.status === 'succeeded' && step.cached) return '⚡'
  if (step.status === 'pending' && step.waitingFor) return '⧗'
  return SYMBOLS[step.status]
}

function metricsFor(step: BoardStep, nowMs: number): string {
  const elapsed = step.status === 'running' && step.startedAtMs !== null ? (nowMs - step.startedAtMs) / 1000 : step.durationS
  const time = step.status === 'pending' || step.status === 'skipped' ? '' : formatDuration(elapsed)
  let amount = ''
  if (step.status === 'running') amount = step.tokens > 0 ? `${formatCount(step.tokens)} tok` : `${formatCount(step.streamedChars)} chars`
  else if (step.status !== 'pending' && step.status !== 'skipped') amount = `${formatCount(step.tokens)} tok`
  const cost = step.status === 'pending' || step.status === 'skipped' ? '' : formatUsd(step.costUsd)
  const extra = [
    step.files.size > 0 ? `${step.files.size} file${step.files.size === 1 ? '' : 's'}` : '',
    step.status === 'running' && step.attempt > 1 ? `attempt ${step.attempt}` : '',
    step.cached && step.status === 'succeeded' ? 'cached' : '',
    step.status === 'pending' && step.waitingFor ? step.waitingFor : '',
  ].filter(Boolean)
  return [time.padStart(8), amount.padStart(12), cost.padStart(9), extra.join(', ')].join('  ')
}

function renderBoard(board: StepBoard, nowMs: number, frame: number): string[] {
  const steps = [...board.steps.values()]
  const running = board.running()
  let header: string
  if (board.outcome) header = `finished: ${board.outcome}`
  else if (running.length > 0) header = `running: ${running.join(' ‖ ')}`
  else header = steps.length > 0 ? 'waiting…' : 'starting…'
  const idWidth = Math.max(0, ...steps.map((s) => s.id.length))
  const agentWidth = Math.max(0, ...steps.map((s) => s.agent.length))
  const modelWidth = Math.max(0, ...steps.map((s) => s.provider.length + s.model.length + 1))
  const lines = steps.map((s) =>
    `  ${symbolFor(s, frame)} ${s.id.padEnd(idWidth)}  ${s.agent.padEnd(agentWidth)}  ${`${s.provider}/${s.model}`.padEnd(modelWidth)}  ${metricsFor(s, nowMs)}`.trimEnd(),
  )
  return [header, ...lines]
}

function messageFor(event: RunEvent): string | null {
  switch (event.type) {
    case 'step.retry':
      return `↻ ${event.step}: attempt ${event.attempt}${event.max_attempts ? ` of ${event.max_attempts}` : ''} in ${formatDuration(event.delay_ms / 1000)} after ${describeError(event.error)}`
    case 'step.tool_rejected':
      return `! ${event.step}: ${event.tool}${event.path ? ` ${event.path}` : ''} rejected: ${event.reason}`
    case 'step.corrective_turn':
      return `! ${event.step}: corrective turn: ${event.reason}`
    case 'step.context_warning':
      return `! ${describeEvent(event)}`
    case 'step.failed':
      return `✗ ${event.step} failed: ${describeError(event.error)}`
    case 'step.check':
      return event.status === 'skipped' ? null : `${event.status === 'passed' ? '✓' : '!'} ${describeEvent(event)}`
    case 'step.round':
      return `↻ ${describeEvent(event)}`
    case 'step.awaiting_approval':
    case 'step.approved':
    case 'step.rejected':
    case 'job.resumed':
      return `⏸ ${describeEvent(event)}`
    default:
      return null
  }
}

export function createTtyProgress(out: { write(s: string): void }, options: TtyProgressOptions = {}): ProgressView {
  const now = options.now ?? (() => Date.now())
  const intervalMs = options.intervalMs ?? 100
  const columns = options.columns !== undefined && options.columns > 0 ? options.columns : 80
  const width = Math.max(20, columns - 1)
  const board = new StepBoard()
  const pending: string[] = []
  const shownNotices = new Set<string>()
  let drawnLines = 0
  let frame = 0
  let dirty = false
  let timer: NodeJS.Timeout | undefined
  let started = false
  let finished = false

  const redraw = (): void => {
    let text = drawnLines > 0 ? `\r\x1b[${drawnLines}A\x1b[J` : ''
    for (const message of pending.splice(0)) text += `${message}\n`
    const lines = renderBoard(board, now(), frame++).map((l) => fitWidth(l, width))
    text += `${lines.join('\n')}\n`
    drawnLines = lines.length
    dirty = false
    out.write(text)
  }

  const notice = (message: string): void => {
    if (shownNotices.has(message)) return
    shownNotices.add(message)
    pending.push(`⚠ NOTICE: ${message}`)
    dirty = true
  }

  return {
    start(info: ProgressStart) {
      started = true
      out.write(`job ${info.jobId} → ${info.runDir}\n`)
      for (const message of info.notices) notice(message)
      redraw()
      timer = setInterval(() => {
        if (dirty || board.running().length > 0) redraw()
      }, intervalMs)
      timer.unref()
    },
    event(event: RunEvent) {
      board.apply(event, now())
      if (event.type === 'job.notice') notice(event.message)
      const message = messageFor(event)
      if (message) pending.push(message)
      dirty = true
    },
    finish() {
      if (finished) return
      finished = true
      if (timer) clearInterval(timer)
      if (started) redraw()
    },
    hold() {
      if (timer) clearInterval(timer)
      timer = undefined
      if (started) redraw()
      drawnLines = 0
      return () => {
        if (finished || !started) return
        redraw()
        timer = setInterval(() => {
          if (dirty || board.running().length > 0) redraw()
        }, intervalMs)
        timer.unref()
      }
    },
  }
}
