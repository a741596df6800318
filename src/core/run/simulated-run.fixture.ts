/**
 * Test fixture: the events of a four-step run (architect → builder ‖ docs → qa) in which builder
 * fails after a retry and qa is skipped, as RunEventInputs for a recorder.
 */
import type { GraphStep, RunEventInput } from '../../shared/run-event'
import type { ManifestInit } from './manifest-init'

export const FIXTURE_JOB_ID = 'job_00000000abcd'

const FIXTURE_STEPS: GraphStep[] = [
  { id: 'architect', agent: 'architect', needs: [], provider: 'demo', model: 'm' },
  { id: 'builder', agent: 'builder', needs: ['architect'], provider: 'demo', model: 'm' },
  { id: 'docs', agent: 'docs', needs: ['architect'], provider: 'demo', model: 'm' },
  { id: 'qa', agent: 'qa', needs: ['builder', 'docs'], provider: 'demo', model: 'm' },
]

export function fixtureInit(): ManifestInit {
  return {
    jobId: FIXTURE_JOB_ID,
    project: 'shop',
    taskDescription: 'a shop API',
    provider: 'demo',
    specSha256: 'f'.repeat(64),
    startedAt: '2026-01-01T00:00:00.000Z',
    pid: 4242,
    steps: FIXTURE_STEPS,
  }
}

const usage = { prompt_tokens: 100, completion_tokens: 20 }
const started = (step: string): RunEventInput => ({ type: 'step.started', step, agent: step, provider: 'demo', model: 'm' })
const turn = (step: string): RunEventInput[] => [
  { type: 'llm.request', step, provider: 'demo', model: 'm', turn: 1 },
  { type: 'cache.miss', step, key: 'a'.repeat(64) },
  { type: 'provider.call', step, provider: 'demo', model: 'm', attempt: 1 },
  { type: 'step.token', step, text: 'hello ' },
  { type: 'step.token', step, text: 'world' },
  { type: 'llm.response', step, turn: 1, stop_reason: 'stop', usage, duration_ms: 5, cached: false, cost_usd: 0 },
]

/** Events in order; `boundary: true` marks the points where a step runner calls flushSoon. */
export function fixtureEvents(): { input: RunEventInput; boundary: boolean }[] {
  const list: [RunEventInput, boolean][] = [
    [
      {
        type: 'job.started',
        project: 'shop',
        task_description: 'a shop API',
        provider: 'demo',
        spec_sha256: 'f'.repeat(64),
        steps: FIXTURE_STEPS,
      },
      false,
    ],
    [started('architect'), false],
    ...turn('architect').map((e): [RunEventInput, boolean] => [e, false]),
    [{ type: 'artifact.created', step: 'architect', path: 'artifacts/architect.md', sha256: '1'.repeat(64), size_bytes: 10 }, false],
    [{ type: 'step.succeeded', step: 'architect', duration_s: 1.5, attempts: 1, usage, cache_hit: false }, true],
    [started('builder'), false],
    [started('docs'), false],
    ...turn('docs').map((e): [RunEventInput, boolean] => [e, false]),
    [
      { type: 'file.written', step: 'docs', path: 'README.md', sha256: '2'.repeat(64), size_bytes: 120, media_type: 'text/markdown' },
      false,
    ],
    [
      { type: 'file.written', step: 'docs', path: 'README.md', sha256: '3'.repeat(64), size_bytes: 130, media_type: 'text/markdown' },
      false,
    ],
    [{ type: 'step.succeeded', step: 'docs', duration_s: 2, attempts: 1, usage, cache_hit: false }, true],
    ...turn('builder').map((e): [RunEventInput, boolean] => [e, false]),
    [
      { type: 'file.written', step: 'builder', path: 'main.py', sha256: '4'.repeat(64), size_bytes: 300, media_type: 'text/x-python' },
      false,
    ],
    [
      { type: 'step.retry', step: 'builder', attempt: 2, delay_ms: 500, error: { kind: 'server', message: 'HTTP 503', retryable: true } },
      false,
    ],
    [{ type: 'provider.call', step: 'builder', provider: 'demo', model: 'm', attempt: 2 }, false],
    [
      {
        type: 'step.failed',
        step: 'builder',
        duration_s: 3,
        attempts: 2,
        error: { kind: 'server', message: 'HTTP 503 again', retryable: true },
      },
      true,
    ],
    [{ type: 'step.skipped', step: 'qa', reason: "dependency 'builder' failed" }, true],
    [{ type: 'job.failed', duration_s: 4, error: { kind: 'server', message: 'HTTP 503 again', retryable: true } }, false],
  ]
  return list.map(([input, boundary]) => ({ input, boundary }))
}
