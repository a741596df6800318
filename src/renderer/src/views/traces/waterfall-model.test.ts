/**
 * The waterfall a user reads: a step that waited for a slot shows the wait, a call cut by a
 * rate limit ends at the retry and is followed by its backoff, tool calls end at their results,
 * a fix-loop round is a marker, and each model turn has its tokens and latency.
 */
import { describe, expect, it } from 'vitest'
import type { RunEvent } from '../../../../shared/run-event'
import { buildWaterfall } from './waterfall-model'

let seq = 0
const T0 = Date.parse('2026-01-01T00:00:00.000Z')
const at = (msFromStart: number) => ({
  seq: seq++,
  ts: new Date(T0 + msFromStart).toISOString(),
  job_id: 'job_000000000001',
  level: 'info' as const,
})
const usage = { prompt_tokens: 100, completion_tokens: 20 }

function events(): RunEvent[] {
  seq = 0
  return [
    {
      ...at(0),
      type: 'job.started',
      project: 'p',
      task_description: 't',
      provider: 'ollama',
      spec_sha256: 'x',
      steps: [
        { id: 'a', agent: 'a', needs: [], provider: 'ollama', model: 'm' },
        { id: 'b', agent: 'b', needs: ['a'], provider: 'ollama', model: 'm' },
      ],
    },
    { ...at(0), type: 'step.started', step: 'a', agent: 'a', provider: 'ollama', model: 'm' },
    { ...at(10), type: 'llm.request', step: 'a', provider: 'ollama', model: 'm', turn: 1 },
    {
      ...at(50),
      type: 'step.retry',
      step: 'a',
      attempt: 2,
      delay_ms: 100,
      error: { kind: 'rate_limit', message: 'slow down', retryable: true },
    },
    { ...at(150), type: 'llm.request', step: 'a', provider: 'ollama', model: 'm', turn: 1 },
    {
      ...at(300),
      type: 'llm.response',
      step: 'a',
      turn: 1,
      stop_reason: 'tool_calls',
      usage,
      duration_ms: 150,
      cached: false,
      cost_usd: 0,
    },
    { ...at(300), type: 'step.tool_call', step: 'a', tool: 'write_file', call_id: 'c1', path: 'x.py', arguments: '{"path":"x.py"}' },
    {
      ...at(320),
      type: 'step.tool_result',
      step: 'a',
      tool: 'write_file',
      call_id: 'c1',
      ok: true,
      content: 'wrote x.py',
      truncated: false,
    },
    { ...at(330), type: 'step.corrective_turn', step: 'a', reason: 'no files' },
    { ...at(400), type: 'step.succeeded', step: 'a', duration_s: 0.4, attempts: 2, usage, cache_hit: false },
    { ...at(700), type: 'step.started', step: 'b', agent: 'b', provider: 'ollama', model: 'm' },
  ]
}

describe('buildWaterfall', () => {
  it('shows waits, cut calls, backoffs, tools, fix rounds and per-turn tokens', () => {
    const w = buildWaterfall(events(), T0 + 1000)
    expect(w.totalMs).toBe(1000)
    const a = w.lanes.find((l) => l.step === 'a')?.spans ?? []
    const simple = a.map((s) => [s.kind, s.start, s.end, s.status])
    expect(simple).toEqual([
      ['step', 0, 400, 'succeeded'],
      ['model', 10, 50, 'failed'],
      ['backoff', 50, 150, 'backoff'],
      ['model', 150, 300, 'succeeded'],
      ['tool', 300, 320, 'succeeded'],
      ['fix', 330, 330, 'fix'],
    ])
    expect(a[1]?.label).toBe('attempt 1 · turn 1 · rate_limit')
    expect(a[3]?.label).toBe('attempt 2 · turn 1')
    const b = w.lanes.find((l) => l.step === 'b')?.spans ?? []
    expect(b.map((s) => [s.kind, s.start, s.end, s.status])).toEqual([
      ['wait', 400, 700, 'wait'],
      ['step', 700, 1000, 'running'],
    ])
    expect(w.turns).toEqual([
      {
        step: 'a',
        attempt: 2,
        turn: 1,
        promptTokens: 100,
        completionTokens: 20,
        durationMs: 150,
        cached: false,
        costUsd: 0,
        stopReason: 'tool_calls',
        seq: 5,
      },
    ])
  })

  it('is empty but valid without events', () => {
    expect(buildWaterfall([])).toEqual({ t0: 0, totalMs: 1, lanes: [], turns: [] })
  })
})
