import { describe, expect, it } from 'vitest'
import { manifestSchema, type Manifest } from '../../shared/manifest'
import type { RunEvent, RunEventInput } from '../../shared/run-event'
import { defaultLevel } from './event-log'
import { initialManifest } from './manifest-init'
import { applyEvent, manifestFromEvents } from './manifest-reducer'
import { ManifestState } from './manifest-state'
import { FIXTURE_JOB_ID, fixtureEvents, fixtureInit } from './simulated-run.fixture'

function stamp(inputs: RunEventInput[]): RunEvent[] {
  return inputs.map((input, seq) => {
    const { level, ...rest } = input
    const ts = new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString()
    return Object.assign({ seq, ts, job_id: FIXTURE_JOB_ID, level: level ?? defaultLevel(rest.type) }, rest) as RunEvent
  })
}

const events = stamp(fixtureEvents().map((e) => e.input))

function folded(): Manifest {
  const manifest = initialManifest(fixtureInit())
  for (const event of events) applyEvent(manifest, event)
  return manifest
}

describe('initialManifest', () => {
  it('starts with every step pending and passes the schema', () => {
    const manifest = initialManifest(fixtureInit())
    expect(manifestSchema().parse(manifest)).toBeTruthy()
    expect(manifest.status).toBe('running')
    expect(manifest.pending_steps).toEqual(['architect', 'builder', 'docs', 'qa'])
    expect(Object.values(manifest.steps).map((s) => s.status)).toEqual(['pending', 'pending', 'pending', 'pending'])
    expect(manifest.app_version).toMatch(/^\d+\.\d+\.\d+/)
  })
})

describe('applyEvent over a run with a failure', () => {
  it('passes the manifest schema after every single event', () => {
    const manifest = initialManifest(fixtureInit())
    for (const event of events) {
      applyEvent(manifest, event)
      expect(() => manifestSchema().parse(manifest)).not.toThrow()
    }
  })

  it('records statuses, failures, completed and pending steps, and the run outcome', () => {
    const manifest = folded()
    expect(manifest.status).toBe('failed')
    expect(manifest.pid).toBeNull()
    expect(manifest.duration_s).toBe(4)
    expect(manifest.finished_at).toBe(events.at(-1)?.ts)
    expect(manifest.steps.architect?.status).toBe('succeeded')
    expect(manifest.steps.docs?.status).toBe('succeeded')
    expect(manifest.steps.builder?.status).toBe('failed')
    expect(manifest.steps.builder?.error?.message).toBe('HTTP 503 again')
    expect(manifest.steps.qa?.status).toBe('skipped')
    expect(manifest.steps.qa?.error?.message).toContain('builder')
    expect(manifest.completed_steps).toEqual(['architect', 'docs'])
    expect(manifest.pending_steps).toEqual([])
    expect(manifest.failures.map((f) => [f.kind, f.step, f.message])).toEqual([
      ['server', 'builder', 'HTTP 503 again'],
      ['server', null, 'HTTP 503 again'],
    ])
  })

  it('counts provider calls, attempts and token usage per step and for the run', () => {
    const manifest = folded()
    expect(manifest.steps.architect?.provider_calls).toBe(1)
    expect(manifest.steps.builder?.provider_calls).toBe(2)
    expect(manifest.steps.builder?.attempts).toBe(2)
    expect(manifest.steps.architect?.usage).toEqual({ prompt_tokens: 100, completion_tokens: 20 })
    expect(manifest.usage).toEqual({ prompt_tokens: 300, completion_tokens: 60 })
    expect(manifest.steps.architect?.artifacts).toEqual(['artifacts/architect.md'])
    expect(manifest.steps.architect?.started_at).not.toBeNull()
    expect(manifest.steps.architect?.duration_s).toBe(1.5)
  })

  it('lists written files with their sha256, replacing a rewritten path in place and keeping its earlier version', () => {
    const manifest = folded()
    const written = events.filter((e) => e.type === 'file.written')
    expect(manifest.files).toMatchObject([
      {
        path: 'README.md',
        sha256: '3'.repeat(64),
        size_bytes: 130,
        media_type: 'text/markdown',
        created_at: written[1]?.ts,
        step: 'docs',
        seq: written[1]?.seq,
        versions: [{ sha256: '2'.repeat(64), size_bytes: 120, step: 'docs', seq: written[0]?.seq, created_at: written[0]?.ts }],
      },
      {
        path: 'main.py',
        sha256: '4'.repeat(64),
        size_bytes: 300,
        media_type: 'text/x-python',
        created_at: written[2]?.ts,
        step: 'builder',
        versions: [],
      },
    ])
  })

  it('sums cost per step and run, turns unknown prices into null, and counts cache hits as savings', () => {
    const manifest = initialManifest(fixtureInit())
    const usage = { prompt_tokens: 1000, completion_tokens: 500 }
    const response = (step: string, extra: Partial<Extract<RunEventInput, { type: 'llm.response' }>>): RunEventInput => ({
      type: 'llm.response',
      step,
      turn: 1,
      stop_reason: 'stop',
      usage,
      duration_ms: 1,
      cached: false,
      cost_usd: 0,
      ...extra,
    })
    for (const event of stamp([
      response('architect', { cost_usd: 0.01 }),
      response('architect', { cost_usd: 0.02 }),
      response('builder', { cost_usd: 0, cached: true, saved_usd: 0.5 }),
      response('docs', { cost_usd: null }),
    ]))
      applyEvent(manifest, event)
    expect(manifest.steps.architect).toMatchObject({
      cost_usd: 0.03,
      saved_tokens: 0,
      saved_usd: 0,
      usage: { prompt_tokens: 2000, completion_tokens: 1000 },
    })
    expect(manifest.steps.builder).toMatchObject({
      cost_usd: 0,
      saved_tokens: 1500,
      saved_usd: 0.5,
      usage: { prompt_tokens: 0, completion_tokens: 0 },
    })
    expect(manifest.steps.docs?.cost_usd).toBeNull()
    expect(manifest.steps.qa?.cost_usd).toBe(0)
    expect(manifest).toMatchObject({
      cost_usd: null,
      saved_tokens: 1500,
      saved_usd: 0.5,
      usage: { prompt_tokens: 3000, completion_tokens: 1500 },
    })
    expect(manifestSchema().parse(manifest)).toBeTruthy()
  })

  it('reads a manifest written before cost fields as unknown cost and nothing saved', () => {
    const { cost_usd: _c, saved_tokens: _t, saved_usd: _s, ...old } = initialManifest(fixtureInit())
    expect(manifestSchema().parse(JSON.parse(JSON.stringify(old)))).toMatchObject({ cost_usd: null, saved_tokens: 0, saved_usd: 0 })
  })

  it('marks a cache hit and shows a running step as running and pending', () => {
    const manifest = initialManifest(fixtureInit())
    for (const event of stamp([
      { type: 'step.started', step: 'architect', agent: 'architect', provider: 'demo', model: 'm2' },
      { type: 'cache.hit', step: 'architect', key: 'a'.repeat(64) },
    ]))
      applyEvent(manifest, event)
    expect(manifest.steps.architect?.status).toBe('running')
    expect(manifest.steps.architect?.model).toBe('m2')
    expect(manifest.steps.architect?.cache_hit).toBe(true)
    expect(manifest.pending_steps).toContain('architect')
  })

  it('adds a step the graph did not list instead of dropping its events', () => {
    const manifest = initialManifest({ ...fixtureInit(), steps: [] })
    for (const event of stamp([
      { type: 'step.started', step: '__proto__', agent: 'x', provider: 'demo', model: 'm' },
      {
        type: 'step.succeeded',
        step: '__proto__',
        duration_s: 0,
        attempts: 1,
        usage: { prompt_tokens: 0, completion_tokens: 0 },
        cache_hit: false,
      },
    ]))
      applyEvent(manifest, event)
    expect(Object.keys(manifest.steps)).toEqual(['__proto__'])
    expect(manifest.completed_steps).toEqual(['__proto__'])
    expect(() => manifestSchema().parse(manifest)).not.toThrow()
    expect(JSON.stringify(manifest.steps)).toContain('"__proto__":{"agent":"x"')
    expect(({} as Record<string, unknown>).status).toBeUndefined()
  })
})

describe('manifestFromEvents', () => {
  it('rebuilds the same manifest as folding live (pid aside)', () => {
    const rebuilt = manifestFromEvents(events)
    expect(rebuilt).not.toBeNull()
    expect(JSON.parse(JSON.stringify(rebuilt))).toEqual(JSON.parse(JSON.stringify({ ...folded(), started_at: events[0]?.ts })))
  })

  it('starts at the last job.started and returns null without one', () => {
    expect(manifestFromEvents(events.slice(1))).toBeNull()
    const again = stamp([...fixtureEvents().map((e) => e.input), fixtureEvents()[0]!.input])
    const rebuilt = manifestFromEvents(again)
    expect(rebuilt?.status).toBe('running')
    expect(rebuilt?.pending_steps).toEqual(['architect', 'builder', 'docs', 'qa'])
    expect(rebuilt?.files).toEqual([])
  })
})

describe('ManifestState (the recorder fold)', () => {
  it('produces exactly what applyEvent produces', () => {
    const state = new ManifestState(fixtureInit())
    const reference = initialManifest(fixtureInit())
    for (const event of events) {
      state.apply(event)
      applyEvent(reference, event)
      expect(JSON.stringify(state.snapshot())).toBe(JSON.stringify(reference))
    }
  })
})
