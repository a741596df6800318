/**
 * Scrubbing gives the same state as folding the events up to that point, at any index and
 * across snapshot boundaries; the summary counts tokens and files written so far.
 */
import { describe, expect, it } from 'vitest'
import type { RunEvent } from '../../../../shared/run-event'
import { applyRunEvents } from '../../stores/apply-run-event'
import { emptyRunState } from '../../stores/run-state'
import { createScrubFrames, indexAtTime, SNAPSHOT_EVERY, summaryOf } from './scrub-frames'

const T0 = Date.parse('2026-01-01T00:00:00.000Z')
function run(tokens: number): RunEvent[] {
  let seq = 0
  const at = (ms: number) => ({ seq: seq++, ts: new Date(T0 + ms).toISOString(), job_id: 'job_000000000001', level: 'info' as const })
  const events: RunEvent[] = [
    {
      ...at(0),
      type: 'job.started',
      project: 'p',
      task_description: 't',
      provider: 'demo',
      spec_sha256: 'x',
      steps: [{ id: 'a', agent: 'a', needs: [], provider: 'demo', model: 'demo' }],
    },
    { ...at(1), type: 'step.started', step: 'a', agent: 'a', provider: 'demo', model: 'demo' },
  ]
  for (let i = 0; i < tokens; i++) events.push({ ...at(2 + i), type: 'step.token', step: 'a', text: `t${i} ` })
  const end = 2 + tokens
  events.push({
    ...at(end),
    type: 'llm.response',
    step: 'a',
    turn: 1,
    stop_reason: 'stop',
    usage: { prompt_tokens: 10, completion_tokens: 5 },
    duration_ms: 1,
    cached: false,
    cost_usd: 0,
  })
  events.push({ ...at(end + 1), type: 'file.written', step: 'a', path: 'x.py', sha256: 's', size_bytes: 3, media_type: 'text/x-python' })
  events.push({
    ...at(end + 2),
    type: 'step.succeeded',
    step: 'a',
    duration_s: 1,
    attempts: 1,
    usage: { prompt_tokens: 10, completion_tokens: 5 },
    cache_hit: false,
  })
  events.push({ ...at(end + 3), type: 'job.succeeded', duration_s: 1 })
  return events
}

describe('scrub frames', () => {
  it('equals a fresh fold at every index, across snapshots', () => {
    const events = run(SNAPSHOT_EVERY * 2 + 7)
    const frames = createScrubFrames(events)
    for (const i of [0, 1, SNAPSHOT_EVERY - 1, SNAPSHOT_EVERY, SNAPSHOT_EVERY + 1, 2 * SNAPSHOT_EVERY + 3, events.length - 1]) {
      expect(frames.at(i)).toEqual(applyRunEvents({ ...emptyRunState }, events.slice(0, i + 1)))
    }
  })

  it('shows statuses, tokens so far and files written at that moment', () => {
    const events = run(3)
    const frames = createScrubFrames(events)
    expect(frames.at(1).steps.a?.status).toBe('running')
    expect(summaryOf(frames.at(1))).toEqual({ tokens: 0, files: [], running: ['a'] })
    expect(summaryOf(frames.at(5))).toEqual({ tokens: 15, files: [], running: ['a'] })
    expect(summaryOf(frames.at(6)).files).toEqual([{ path: 'x.py', step: 'a', sizeBytes: 3 }])
    expect(frames.at(events.length - 1).status).toBe('succeeded')
    expect(indexAtTime(events, 0)).toBe(0)
    expect(indexAtTime(events, 3)).toBe(3)
    expect(indexAtTime(events, 10_000)).toBe(events.length - 1)
  })
})
