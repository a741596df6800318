import { describe, expect, it } from 'vitest'
import type { RunEvent } from '../../../shared/run-event'
import { applyRunEvent, applyRunEvents, settleInterrupted } from './apply-run-event'
import { emptyRunState, type RunState } from './run-state'

const JOB = 'job_0123456789ab'
let seq = 0
const base = (): { seq: number; ts: string; job_id: string; level: 'info' } => ({
  seq: seq++,
  ts: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
  job_id: JOB,
  level: 'info',
})
const usage = { prompt_tokens: 10, completion_tokens: 5 }
const steps = [
  { id: 'architect', agent: 'architect', needs: [], provider: 'ollama', model: 'm' },
  { id: 'builder', agent: 'builder', needs: ['architect'], provider: 'ollama', model: 'm' },
  { id: 'docs', agent: 'docs', needs: ['architect'], provider: 'ollama', model: 'm' },
  { id: 'qa', agent: 'qa', needs: ['builder', 'docs'], provider: 'ollama', model: 'm' },
]
const started = (): RunEvent => ({
  ...base(),
  type: 'job.started',
  project: 'notes',
  task_description: 't',
  provider: 'ollama',
  spec_sha256: 'x',
  steps,
})
const stepStarted = (step: string): RunEvent => ({ ...base(), type: 'step.started', step, agent: step, provider: 'ollama', model: 'qwen' })
const token = (step: string, text: string): RunEvent => ({ ...base(), type: 'step.token', step, text })
const succeeded = (step: string, cache_hit = false): RunEvent => ({
  ...base(),
  type: 'step.succeeded',
  step,
  duration_s: 1.5,
  attempts: 1,
  usage,
  cache_hit,
})

function run(events: RunEvent[], from: RunState = emptyRunState): RunState {
  return applyRunEvents(from, events)
}

describe('applyRunEvent', () => {
  it('starts every step as pending when the job starts', () => {
    const state = run([started()])
    expect(state.status).toBe('running')
    expect(state.order).toEqual(['architect', 'builder', 'docs', 'qa'])
    expect(Object.values(state.steps).map((s) => s.status)).toEqual(['pending', 'pending', 'pending', 'pending'])
  })

  it('tracks running, streamed text, tokens and success per step', () => {
    const state = run([
      started(),
      stepStarted('architect'),
      token('architect', 'Designing '),
      token('architect', 'the API\n'),
      {
        ...base(),
        type: 'llm.response',
        step: 'architect',
        turn: 1,
        stop_reason: 'tool_use',
        usage,
        duration_ms: 3,
        cached: false,
        cost_usd: 0.002,
      },
      stepStarted('builder'),
    ])
    expect(state.steps.architect?.status).toBe('running')
    expect(state.steps.architect?.text).toBe('Designing the API\n')
    expect(state.steps.architect?.streamedChunks).toBe(2)
    expect(state.steps.architect?.completionTokens).toBe(5)
    expect(state.steps.architect?.costUsd).toBeCloseTo(0.002)
    expect(state.steps.builder?.status).toBe('running')
    expect(state.steps.builder?.model).toBe('qwen')
    const done = applyRunEvent(state, succeeded('architect'))
    expect(done.steps.architect?.status).toBe('succeeded')
    expect(done.steps.architect?.durationS).toBe(1.5)
    expect(done.steps.architect?.promptTokens).toBe(10)
  })

  it("sums a step's cost like the manifest does: rounded, unknown stays unknown", () => {
    const response = (cost_usd: number | null): RunEvent => ({
      ...base(),
      type: 'llm.response',
      step: 'architect',
      turn: 1,
      stop_reason: 'stop',
      usage,
      duration_ms: 3,
      cached: false,
      cost_usd,
    })
    const summed = run([started(), stepStarted('architect'), response(0.1), response(0.2)])
    expect(summed.steps.architect?.costUsd).toBe(0.3)
    const unknown = applyRunEvent(summed, response(null))
    expect(unknown.steps.architect?.costUsd).toBeNull()
  })

  it('shows a step served from the cache as cached', () => {
    const state = run([started(), stepStarted('architect'), succeeded('architect', true)])
    expect(state.steps.architect?.status).toBe('cached')
  })

  it('records tool calls, rejected tools, files and retries', () => {
    const state = run([
      started(),
      stepStarted('builder'),
      { ...base(), type: 'step.tool_call', step: 'builder', tool: 'write_file', call_id: 'c1', path: 'main.py' },
      { ...base(), type: 'step.tool_rejected', step: 'builder', tool: 'write_file', path: '../x', reason: 'outside outputs' },
      { ...base(), type: 'file.written', step: 'builder', path: 'main.py', sha256: 'abc', size_bytes: 12, media_type: 'text/x-python' },
      {
        ...base(),
        type: 'step.retry',
        step: 'builder',
        attempt: 2,
        delay_ms: 500,
        error: { kind: 'rate_limit', message: 'slow down', retryable: true },
      },
    ])
    const builder = state.steps.builder
    expect(builder?.toolCalls.map((c) => [c.tool, c.path, c.rejected])).toEqual([
      ['write_file', 'main.py', undefined],
      ['write_file', '../x', 'outside outputs'],
    ])
    expect(builder?.files).toEqual([{ path: 'main.py', sha256: 'abc', sizeBytes: 12, mediaType: 'text/x-python' }])
    expect(builder?.retries).toEqual([{ attempt: 2, delayMs: 500, error: { kind: 'rate_limit', message: 'slow down' } }])
  })

  it('attaches a tool result to its call, with the bounded arguments', () => {
    const state = run([
      started(),
      stepStarted('builder'),
      { ...base(), type: 'step.tool_call', step: 'builder', tool: 'read_file', call_id: 'c1', path: 'a.md', arguments: '{"path":"a.md"}' },
      { ...base(), type: 'step.tool_call', step: 'builder', tool: 'read_file', call_id: 'c2', path: 'b.md', arguments: '{"path":"b.md"}' },
      {
        ...base(),
        type: 'step.tool_result',
        step: 'builder',
        tool: 'read_file',
        call_id: 'c2',
        ok: false,
        content: 'no such file',
        truncated: false,
      },
      { ...base(), type: 'step.tool_result', step: 'builder', tool: 'read_file', call_id: 'c1', ok: true, content: '# A', truncated: true },
    ])
    expect(state.steps.builder?.toolCalls.map((c) => [c.callId, c.arguments, c.result])).toEqual([
      ['c1', '{"path":"a.md"}', { ok: true, content: '# A', truncated: true }],
      ['c2', '{"path":"b.md"}', { ok: false, content: 'no such file', truncated: false }],
    ])
  })

  it('marks failed and skipped steps with their reasons', () => {
    const state = run([
      started(),
      stepStarted('architect'),
      {
        ...base(),
        type: 'step.failed',
        step: 'architect',
        duration_s: 2,
        attempts: 3,
        error: { kind: 'network', message: 'down', retryable: true },
      },
      { ...base(), type: 'step.skipped', step: 'builder', reason: 'architect failed' },
      { ...base(), type: 'job.failed', duration_s: 2, error: { kind: 'step_failed', message: 'architect failed', retryable: false } },
    ])
    expect(state.status).toBe('failed')
    expect(state.steps.architect?.status).toBe('failed')
    expect(state.steps.architect?.error?.message).toBe('down')
    expect(state.steps.builder?.status).toBe('skipped')
    expect(state.steps.builder?.skipReason).toBe('architect failed')
    expect(state.steps.qa?.status).toBe('skipped')
  })

  it('cancels the running step; a step that never began is not started and has no time', () => {
    const state = run([
      started(),
      stepStarted('architect'),
      { ...base(), type: 'step.cancelled', step: 'architect', duration_s: 0.7 },
      { ...base(), type: 'step.cancelled', step: 'builder', duration_s: 0 },
      { ...base(), type: 'job.cancelled', duration_s: 1 },
    ])
    expect(state.status).toBe('cancelled')
    expect(state.steps.architect?.status).toBe('cancelled')
    expect(state.steps.architect?.durationS).toBe(0.7)
    expect(state.steps.builder?.status).toBe('not-started')
    expect(state.steps.builder?.durationS).toBeNull()
    expect(state.steps.qa?.status).toBe('not-started')
  })

  it('an interrupted run stops at its last event: running steps interrupted, pending not started', () => {
    const state = settleInterrupted(run([started(), stepStarted('architect'), token('architect', 'x')]))
    expect(state.status).toBe('interrupted')
    expect(state.steps.architect?.status).toBe('interrupted')
    expect(state.steps.architect?.finishedAt).not.toBeNull()
    expect(state.steps.docs?.status).toBe('not-started')
    expect(state.durationS).toBeGreaterThan(0)
    const finished = run([started(), { ...base(), type: 'job.succeeded', duration_s: 1 }])
    expect(settleInterrupted(finished)).toBe(finished)
  })

  it('cached answers count as saved tokens and dollars, never as live ones', () => {
    const state = run([
      started(),
      stepStarted('architect'),
      {
        ...base(),
        type: 'llm.response',
        step: 'architect',
        turn: 1,
        stop_reason: 'stop',
        usage,
        duration_ms: 0,
        cached: true,
        cost_usd: 0,
        saved_usd: 0.25,
      },
      {
        ...base(),
        type: 'step.succeeded',
        step: 'architect',
        duration_s: 0,
        attempts: 1,
        usage: { prompt_tokens: 0, completion_tokens: 0 },
        cache_hit: true,
      },
    ])
    const architect = state.steps.architect
    expect(architect?.status).toBe('cached')
    expect(architect?.savedTokens).toBe(15)
    expect(architect?.savedUsd).toBe(0.25)
    expect((architect?.promptTokens ?? 0) + (architect?.completionTokens ?? 0)).toBe(0)
  })

  it('ignores replayed events and events of other jobs', () => {
    const first = token('architect', 'a')
    const state = run([started(), stepStarted('architect'), first])
    expect(applyRunEvent(state, first)).toBe(state)
    expect(applyRunEvent(state, { ...token('architect', 'b'), job_id: 'job_ffffffffffff' })).toBe(state)
  })

  it('keeps unchanged steps identical so their nodes do not re-render', () => {
    const state = run([started(), stepStarted('architect')])
    const next = applyRunEvent(state, token('architect', 'x'))
    expect(next.steps.docs).toBe(state.steps.docs)
    expect(next.steps.architect).not.toBe(state.steps.architect)
  })

  it('a new job.started replaces the previous run', () => {
    const state = run([started(), stepStarted('architect'), { ...base(), type: 'job.succeeded', duration_s: 3 }])
    const second = applyRunEvent(state, { ...started(), job_id: 'job_aaaaaaaaaaaa' })
    expect(second.jobId).toBe('job_aaaaaaaaaaaa')
    expect(second.steps.architect?.status).toBe('pending')
    expect(second.status).toBe('running')
  })

  it('keeps the timeline without token events', () => {
    const state = run([started(), stepStarted('architect'), token('architect', 'x'), succeeded('architect')])
    expect(state.timeline.map((e) => e.type)).toEqual(['job.started', 'step.started', 'step.succeeded'])
  })

  it('shows a ready step held back by its provider as waiting for a slot, not pending, until it starts', () => {
    const waiting = (): RunEvent => ({
      ...base(),
      type: 'step.waiting',
      step: 'docs',
      reason: 'provider_slot',
      provider: 'ollama',
      limit: 1,
      hint: 'set OLLAMA_NUM_PARALLEL=4 for ollama serve to raise',
    })
    const held = run([started(), stepStarted('architect'), succeeded('architect'), stepStarted('builder'), waiting()])
    expect(held.steps.docs).toMatchObject({
      status: 'waiting',
      waitingFor: 'waiting for an Ollama slot (1 at a time; set OLLAMA_NUM_PARALLEL=4 for ollama serve to raise)',
    })
    expect(held.steps.qa?.status).toBe('pending')
    const after = run([succeeded('builder'), stepStarted('docs')], held)
    expect(after.steps.docs).toMatchObject({ status: 'running', waitingFor: null })
    const cancelled = run([{ ...base(), type: 'job.cancelled', duration_s: 1 }], held)
    expect(cancelled.steps.docs?.status).toBe('not-started')
  })
})
