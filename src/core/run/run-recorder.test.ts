import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OrchestratorError } from '../errors'
import { manifestSchema, type Manifest } from '../../shared/manifest'
import type { GraphStep, RunEvent } from '../../shared/run-event'
import { readEvents } from './event-log'
import { manifestFromEvents } from './manifest-reducer'
import { RunRecorder, type RecorderOptions } from './run-recorder'
import { createRunFolder, type RunPaths } from './run-paths'
import { FIXTURE_JOB_ID, fixtureEvents, fixtureInit } from './simulated-run.fixture'

let runsDir: string
let paths: RunPaths
beforeEach(() => {
  runsDir = mkdtempSync(join(tmpdir(), 'uo-recorder-'))
  paths = createRunFolder(runsDir, FIXTURE_JOB_ID)
})
afterEach(() => rmSync(runsDir, { recursive: true, force: true }))

const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

function recorder(extra: Partial<RecorderOptions> = {}): RunRecorder {
  return new RunRecorder({ paths, jobId: FIXTURE_JOB_ID, init: fixtureInit(), ...extra })
}

function diskManifest(): Manifest {
  return manifestSchema().parse(JSON.parse(readFileSync(paths.manifest, 'utf8')))
}

const ok = { prompt_tokens: 0, completion_tokens: 0 }

describe('RunRecorder', () => {
  it('writes the initial manifest at once, with every step pending', () => {
    const rec = recorder()
    const manifest = diskManifest()
    expect(manifest.status).toBe('running')
    expect(manifest.pid).toBe(4242)
    expect(manifest.pending_steps).toEqual(['architect', 'builder', 'docs', 'qa'])
    rec.close()
  })

  it('stamps seq from 0 without gaps, ts, job_id and level, and logs exactly those events', () => {
    const rec = recorder()
    const returned: RunEvent[] = []
    for (const { input } of fixtureEvents()) returned.push(rec.record(input))
    returned.push(rec.record({ type: 'job.notice', message: 'note', level: 'info' }))
    rec.close()
    expect(returned.map((e) => e.seq)).toEqual(returned.map((_, i) => i))
    expect(returned.every((e) => e.job_id === FIXTURE_JOB_ID && !Number.isNaN(Date.parse(e.ts)))).toBe(true)
    expect(returned.find((e) => e.type === 'step.token')?.level).toBe('debug')
    expect(returned.find((e) => e.type === 'step.failed')?.level).toBe('error')
    expect(returned.at(-1)?.level).toBe('info')
    const log = readEvents(paths.events)
    expect(log.tornLastLine).toBe(false)
    expect(log.invalidLines).toBe(0)
    expect(log.events).toEqual(returned)
  })

  it('keeps manifest.json valid at every flush and equal to a rebuild from events.jsonl at the end', async () => {
    const seen: Manifest[] = []
    const rec = recorder({ onFlush: () => seen.push(diskManifest()) })
    for (const { input, boundary } of fixtureEvents()) {
      rec.record(input)
      if (boundary) {
        const before = seen.length
        rec.flushSoon()
        while (seen.length === before) await sleep(1)
      }
    }
    rec.close()
    expect(seen.length).toBeGreaterThanOrEqual(5)
    const final = diskManifest()
    expect(final.status).toBe('failed')
    expect(final.steps.qa?.status).toBe('skipped')
    expect(final.files.map((f) => [f.path, f.sha256])).toEqual([
      ['README.md', '3'.repeat(64)],
      ['main.py', '4'.repeat(64)],
    ])
    const rebuilt = manifestFromEvents(readEvents(paths.events).events)
    expect(rebuilt).toEqual({ ...final, started_at: rebuilt?.started_at })
  })

  it('does no I/O per event and flushes within one macrotask of a step boundary', async () => {
    const rec = recorder()
    rec.record({ type: 'step.started', step: 'architect', agent: 'architect', provider: 'demo', model: 'm' })
    rec.record({ type: 'step.token', step: 'architect', text: 'x' })
    rec.record({ type: 'step.succeeded', step: 'architect', duration_s: 1, attempts: 1, usage: ok, cache_hit: false })
    expect(diskManifest().steps.architect?.status).toBe('pending')
    expect(readFileSync(paths.events, 'utf8')).toBe('')
    rec.flushSoon()
    await macrotask()
    const manifest = diskManifest()
    expect(manifest.steps.architect?.status).toBe('succeeded')
    expect(manifest.completed_steps).toEqual(['architect'])
    expect(readEvents(paths.events).events.map((e) => e.type)).toEqual(['step.started', 'step.token', 'step.succeeded'])
    rec.close()
  })

  it('coalesces 10,000 step boundaries into far fewer flushes and still records every step', async () => {
    const steps: GraphStep[] = Array.from({ length: 10_000 }, (_, i) => ({ id: `s${i}`, agent: 'a', needs: [], provider: 'p', model: 'm' }))
    let flushes = 0
    const rec = new RunRecorder({ paths, jobId: FIXTURE_JOB_ID, init: { ...fixtureInit(), steps }, onFlush: () => flushes++ })
    flushes = 0
    for (const step of steps) {
      rec.record({ type: 'step.started', step: step.id, agent: 'a', provider: 'p', model: 'm' })
      rec.record({ type: 'step.succeeded', step: step.id, duration_s: 0, attempts: 1, usage: ok, cache_hit: false })
      rec.flushSoon()
      await macrotask()
    }
    rec.record({ type: 'job.succeeded', duration_s: 1 })
    rec.close()
    expect(flushes).toBeGreaterThan(1)
    expect(flushes).toBeLessThan(1_000)
    const manifest = diskManifest()
    expect(manifest.status).toBe('succeeded')
    expect(manifest.completed_steps).toHaveLength(10_000)
    expect(manifest.pending_steps).toEqual([])
    const log = readEvents(paths.events)
    expect(log.events).toHaveLength(20_001)
    expect(log.events.every((e, i) => e.seq === i)).toBe(true)
  })

  it('waits at least minFlushIntervalMs after the last flush before the next one', async () => {
    const rec = recorder({ minFlushIntervalMs: 60 })
    rec.flushNow()
    const flushedAt = performance.now()
    rec.record({ type: 'step.started', step: 'docs', agent: 'docs', provider: 'demo', model: 'm' })
    rec.flushSoon()
    await macrotask()
    expect(diskManifest().steps.docs?.status).toBe('pending')
    while (diskManifest().steps.docs?.status !== 'running') await sleep(10)
    expect(performance.now() - flushedAt).toBeGreaterThanOrEqual(55)
    rec.close()
  })

  it('calls beforeWrite before a flush writes any event line (write-ahead for the files they name)', () => {
    const seen: string[] = []
    const rec = recorder({ beforeWrite: () => seen.push(readFileSync(paths.events, 'utf8')) })
    rec.record({ type: 'step.started', step: 'docs', agent: 'docs', provider: 'demo', model: 'm' })
    rec.flushNow()
    expect(seen.at(-1)).toBe('')
    expect(readEvents(paths.events).events).toHaveLength(1)
    rec.close()
  })

  it('does not rewrite the manifest when only tokens arrived', () => {
    let flushes = 0
    const rec = recorder({ onFlush: () => flushes++ })
    flushes = 0
    rec.record({ type: 'step.token', step: 'docs', text: 'a' })
    rec.flushNow()
    expect(flushes).toBe(0)
    expect(readEvents(paths.events).events).toHaveLength(1)
    rec.close()
  })

  it('retries a failed onFlush at the next flush', async () => {
    let calls = 0
    const rec = recorder({
      onFlush: () => {
        calls++
        if (calls === 2) throw new Error('db busy')
      },
    })
    rec.record({ type: 'step.started', step: 'docs', agent: 'docs', provider: 'demo', model: 'm' })
    rec.flushSoon()
    await macrotask()
    expect(calls).toBe(2)
    rec.flushNow()
    expect(calls).toBe(3)
    rec.close()
  })

  it('notifies subscribers synchronously, survives a throwing one, and stops after unsubscribe', () => {
    const rec = recorder()
    const got: number[] = []
    rec.subscribe(() => {
      throw new Error('broken UI')
    })
    const off = rec.subscribe((e) => got.push(e.seq))
    rec.record({ type: 'job.notice', message: 'a' })
    expect(got).toEqual([0])
    off()
    rec.record({ type: 'job.notice', message: 'b' })
    expect(got).toEqual([0])
    rec.close()
  })

  it('closes idempotently and refuses events after close', () => {
    const rec = recorder()
    rec.record({ type: 'job.succeeded', duration_s: 1 })
    rec.close()
    rec.close()
    rec.flushSoon()
    expect(diskManifest().status).toBe('succeeded')
    expect(diskManifest().pid).toBeNull()
    expect(() => rec.record({ type: 'job.notice', message: 'late' })).toThrow(OrchestratorError)
  })

  it('continues seq after an existing log and cuts off its torn last line', () => {
    const first = recorder()
    first.record({ type: 'job.notice', message: 'a' })
    first.record({ type: 'job.notice', message: 'b' })
    first.close()
    writeFileSync(paths.events, `${readFileSync(paths.events, 'utf8')}{"seq":2,"ts":"2026`)
    const second = recorder()
    second.record({ type: 'job.notice', message: 'c' })
    second.close()
    const log = readEvents(paths.events)
    expect(log.tornLastLine).toBe(false)
    expect(log.invalidLines).toBe(0)
    expect(log.events.map((e) => e.seq)).toEqual([0, 1, 2])
  })
})
