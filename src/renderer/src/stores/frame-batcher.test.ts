import { describe, expect, it } from 'vitest'
import type { RunEvent } from '../../../shared/run-event'
import { createFrameBatcher } from './frame-batcher'
import { createRunStore } from './run-store'

function manualFrames(): { schedule: (cb: () => void) => void; tick(): void; scheduled: number } {
  const queue: (() => void)[] = []
  const frames = {
    scheduled: 0,
    schedule(cb: () => void) {
      frames.scheduled++
      queue.push(cb)
    },
    tick() {
      for (const cb of queue.splice(0)) cb()
    },
  }
  return frames
}

describe('createFrameBatcher', () => {
  it('applies everything pushed within a frame as one ordered batch', () => {
    const frames = manualFrames()
    const batches: number[][] = []
    const batcher = createFrameBatcher<number>((b) => batches.push(b), frames.schedule)
    for (let i = 0; i < 1000; i++) batcher.push(i)
    expect(batches).toEqual([])
    expect(frames.scheduled).toBe(1)
    frames.tick()
    expect(batches).toHaveLength(1)
    expect(batches[0]).toEqual(Array.from({ length: 1000 }, (_, i) => i))
    batcher.push(1000)
    frames.tick()
    expect(batches[1]).toEqual([1000])
  })
})

describe('run store', () => {
  it('changes state once per frame however many token events arrive', () => {
    const frames = manualFrames()
    const store = createRunStore(frames.schedule)
    let updates = 0
    store.subscribe(() => updates++)
    const job = 'job_0123456789ab'
    const ev = (seq: number, rest: Record<string, unknown>): RunEvent =>
      ({ seq, ts: '2026-01-01T00:00:00.000Z', job_id: job, level: 'info', ...rest }) as RunEvent
    store.getState().ingest(
      ev(0, {
        type: 'job.started',
        project: 'p',
        task_description: 't',
        provider: 'demo',
        spec_sha256: 's',
        steps: [{ id: 'a', agent: 'a', needs: [], provider: 'demo', model: 'm' }],
      }),
    )
    store.getState().ingest(ev(1, { type: 'step.started', step: 'a', agent: 'a', provider: 'demo', model: 'm' }))
    for (let i = 0; i < 2000; i++) store.getState().ingest(ev(2 + i, { type: 'step.token', step: 'a', text: 'x' }))
    expect(store.getState().status).toBe('idle')
    frames.tick()
    expect(updates).toBe(1)
    expect(store.getState().steps.a?.text).toHaveLength(2000)
    expect(store.getState().steps.a?.status).toBe('running')
  })
})
