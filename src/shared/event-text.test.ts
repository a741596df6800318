import { describe, expect, it } from 'vitest'
import { describeEvent, eventLine } from './event-text'
import type { RunEvent } from './run-event'

const base = { seq: 1, ts: '2026-01-01T00:00:00.000Z', job_id: 'job_0123456789ab', level: 'info' as const }
const written: RunEvent = {
  ...base,
  type: 'file.written',
  step: 'builder',
  path: 'main.py',
  sha256: 'a'.repeat(64),
  size_bytes: 2150,
  media_type: 'text/x-python',
}

describe('describeEvent', () => {
  it('reads the same in the CLI and the app, with or without the step id', () => {
    expect(describeEvent(written)).toBe('builder wrote main.py (2.1 KB)')
    expect(describeEvent(written, { step: false })).toBe('wrote main.py (2.1 KB)')
    expect(eventLine(written)).toMatch(/^\[\d\d:\d\d:\d\d\] builder wrote main\.py \(2\.1 KB\)$/)
  })

  it('never prefixes a job event with a step', () => {
    const done: RunEvent = { ...base, type: 'job.succeeded', duration_s: 75 }
    expect(describeEvent(done)).toBe('job succeeded in 1 m 15 s')
    expect(describeEvent(done, { step: false })).toBe('job succeeded in 1 m 15 s')
  })

  it('says a step waits for a provider slot, how many run at once and how to raise it', () => {
    const waiting: RunEvent = {
      ...base,
      type: 'step.waiting',
      step: 's2',
      reason: 'provider_slot',
      provider: 'ollama',
      limit: 1,
      hint: 'set OLLAMA_NUM_PARALLEL=4 to raise',
    }
    expect(describeEvent(waiting)).toBe('s2 waiting for an Ollama slot (1 at a time; set OLLAMA_NUM_PARALLEL=4 to raise)')
    expect(describeEvent({ ...waiting, provider: 'anthropic', limit: 8, hint: undefined })).toBe(
      's2 waiting for an Anthropic slot (8 at a time)',
    )
  })
})
