import { afterEach, describe, expect, it, vi } from 'vitest'
import type { RunEvent, RunEventInput } from '../../shared/run-event'
import { createPlainProgress } from './plain-progress'
import { createTtyProgress } from './tty-progress'

let seq = 0
function ev(input: RunEventInput): RunEvent {
  return { seq: seq++, ts: '2026-01-02T12:00:01.000Z', job_id: 'job_0123456789ab', level: 'info', ...input } as RunEvent
}

const started = ev({
  type: 'job.started',
  project: 'notes',
  task_description: 't',
  provider: 'demo',
  spec_sha256: 'x',
  steps: [
    { id: 'architect', agent: 'architect', needs: [], provider: 'demo', model: 'demo' },
    { id: 'builder', agent: 'builder', needs: ['architect'], provider: 'demo', model: 'demo' },
    { id: 'docs', agent: 'docs', needs: ['architect'], provider: 'demo', model: 'demo' },
  ],
})
const usage = { prompt_tokens: 100, completion_tokens: 20 }
const info = {
  jobId: 'job_0123456789ab',
  runDir: '/runs/job_0123456789ab',
  notices: ['Ollama is not running — using the offline demo provider'],
}

function sink(): { out: { write(s: string): void }; text(): string; writes: string[] } {
  const writes: string[] = []
  return { out: { write: (s) => void writes.push(s) }, text: () => writes.join(''), writes }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('plain progress', () => {
  it('prints notices first and one timestamped line per meaningful event, without ANSI', () => {
    const s = sink()
    const view = createPlainProgress(s.out, { verbose: false })
    view.start(info)
    for (const e of [
      started,
      ev({ type: 'step.started', step: 'builder', agent: 'builder', provider: 'ollama', model: 'qwen2.5-coder:7b' }),
      ev({ type: 'step.token', step: 'builder', text: 'hello' }),
      ev({ type: 'file.written', step: 'builder', path: 'main.py', sha256: 'a', size_bytes: 2150, media_type: 'text/x-python' }),
      ev({
        type: 'step.retry',
        step: 'builder',
        attempt: 2,
        delay_ms: 1500,
        error: { kind: 'network', message: 'cannot reach Ollama', retryable: true },
      }),
      ev({ type: 'llm.response', step: 'builder', turn: 1, stop_reason: 'stop', usage, duration_ms: 5, cached: false, cost_usd: 0.0012 }),
      ev({
        type: 'llm.response',
        step: 'builder',
        turn: 2,
        stop_reason: 'stop',
        usage,
        duration_ms: 5,
        cached: true,
        cost_usd: 0,
        saved_usd: 0.5,
      }),
      ev({ type: 'step.succeeded', step: 'builder', duration_s: 12.34, attempts: 2, usage, cache_hit: false }),
      ev({ type: 'job.notice', message: info.notices[0] ?? '' }),
    ])
      view.event(e)
    view.finish()
    const lines = s.text().trimEnd().split('\n')
    expect(lines[1]).toBe(`NOTICE: ${info.notices[0]}`)
    expect(lines.slice(2).map((l) => l.replace(/^\[\d\d:\d\d:\d\d\] /, ''))).toEqual([
      'builder started (ollama qwen2.5-coder:7b)',
      'builder wrote main.py (2.1 KB)',
      'builder attempt 2 in 1.5 s after [network] cannot reach Ollama',
      'builder succeeded in 12.3 s, 120 tokens after 2 attempts, $0.0012',
    ])
    expect(s.text()).not.toContain('\x1b[')
  })
})

describe('tty progress', () => {
  it('redraws the block in place, shows parallel steps in the header and prints retries above it', () => {
    vi.useFakeTimers()
    const s = sink()
    const view = createTtyProgress(s.out, { columns: 120, intervalMs: 100 })
    view.start(info)
    expect(s.text()).toContain('⚠ NOTICE: Ollama is not running')
    view.event(started)
    view.event(ev({ type: 'step.started', step: 'architect', agent: 'architect', provider: 'demo', model: 'demo' }))
    view.event(ev({ type: 'step.succeeded', step: 'architect', duration_s: 1, attempts: 1, usage, cache_hit: true }))
    view.event(ev({ type: 'step.started', step: 'builder', agent: 'builder', provider: 'demo', model: 'demo' }))
    view.event(ev({ type: 'step.started', step: 'docs', agent: 'docs', provider: 'demo', model: 'demo' }))
    vi.advanceTimersByTime(100)
    const frame = s.writes.at(-1) ?? ''
    expect(frame).toMatch(/^\r\x1b\[\d+A\x1b\[J/)
    expect(frame).toContain('running: builder ‖ docs')
    expect(frame).toMatch(/⚡ architect/)
    expect(frame).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] builder/)

    view.event(
      ev({ type: 'step.retry', step: 'docs', attempt: 2, delay_ms: 500, error: { kind: 'server', message: 'HTTP 500', retryable: true } }),
    )
    view.event(
      ev({
        type: 'step.failed',
        step: 'docs',
        duration_s: 2,
        attempts: 2,
        error: { kind: 'server', message: 'HTTP 500', retryable: true },
      }),
    )
    view.event(ev({ type: 'step.succeeded', step: 'builder', duration_s: 3, attempts: 1, usage, cache_hit: false }))
    view.event(ev({ type: 'job.failed', duration_s: 4, error: { kind: 'server', message: 'HTTP 500', retryable: true } }))
    view.finish()
    const last = s.writes.at(-1) ?? ''
    expect(last).toContain('↻ docs: attempt 2 in 0.5 s after [server] HTTP 500')
    expect(last.indexOf('↻ docs')).toBeLessThan(last.indexOf('finished: failed'))
    expect(last).toMatch(/✗ docs/)
    expect(last).toMatch(/✓ builder .*120 tok/)
  })

  it('throttles: a burst of token events causes no write until the interval passes', () => {
    vi.useFakeTimers()
    const s = sink()
    const view = createTtyProgress(s.out, { columns: 80, intervalMs: 100 })
    view.start({ ...info, notices: [] })
    view.event(started)
    view.event(ev({ type: 'step.started', step: 'builder', agent: 'builder', provider: 'demo', model: 'demo' }))
    const before = s.writes.length
    for (let i = 0; i < 1000; i++) view.event(ev({ type: 'step.token', step: 'builder', text: 'ab' }))
    expect(s.writes.length).toBe(before)
    vi.advanceTimersByTime(100)
    expect(s.writes.length).toBe(before + 1)
    expect(s.writes.at(-1)).toContain('2,000 chars')
    view.finish()
  })

  it('shows a step held back by its provider as waiting for a slot until it starts', () => {
    vi.useFakeTimers()
    const s = sink()
    const view = createTtyProgress(s.out, { columns: 200, intervalMs: 100 })
    view.start({ ...info, notices: [] })
    view.event(started)
    view.event(ev({ type: 'step.started', step: 'builder', agent: 'builder', provider: 'ollama', model: 'qwen3.5' }))
    view.event(
      ev({
        type: 'step.waiting',
        step: 'docs',
        reason: 'provider_slot',
        provider: 'ollama',
        limit: 1,
        hint: 'set OLLAMA_NUM_PARALLEL=4 for ollama serve to raise',
      }),
    )
    vi.advanceTimersByTime(100)
    expect(s.writes.at(-1)).toMatch(
      /⧗ docs .*waiting for an Ollama slot \(1 at a time; set OLLAMA_NUM_PARALLEL=4 for ollama serve to raise\)/,
    )
    view.event(ev({ type: 'step.started', step: 'docs', agent: 'docs', provider: 'ollama', model: 'qwen3.5' }))
    vi.advanceTimersByTime(100)
    expect(s.writes.at(-1)).not.toContain('waiting for')
    view.finish()
  })

  it('cuts lines to the terminal width so cursor movement stays exact', () => {
    const s = sink()
    const view = createTtyProgress(s.out, { columns: 30 })
    view.start({ ...info, notices: [] })
    view.event(started)
    view.finish()
    const block = (s.writes.at(-1) ?? '').replace(/^\r\x1b\[\d+A\x1b\[J/, '')
    for (const line of block.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(29)
  })
})
