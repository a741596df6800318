import { afterEach, describe, expect, it } from 'vitest'
import { createAppFixture, TINY_SPEC, type AppFixture } from './testing/app-fixture'

let fx: AppFixture | undefined
afterEach(async () => {
  await fx?.close()
  fx = undefined
})

async function demoRun(f: AppFixture): Promise<string> {
  const started = await f.invoke('runs.start', { text: TINY_SPEC, fileName: 'tiny_spec.yaml', provider: 'demo' })
  await f.service.waitForRun(started.jobId)
  return started.jobId
}

describe('run actions through the contract', () => {
  it('reads back the spec a run ran; replays and reruns it into new jobs; compares them', async () => {
    fx = createAppFixture()
    const job = await demoRun(fx)
    const spec = await fx.invoke('runs.spec', { jobId: job })
    expect(spec).toEqual({ fileName: 'tiny_spec.yaml', text: TINY_SPEC })

    const replay = await fx.invoke('runs.replay', { jobId: job })
    expect(replay.jobId).not.toBe(job)
    await fx.service.waitForRun(replay.jobId)
    expect((await fx.invoke('runs.get', { jobId: replay.jobId })).manifest.status).toBe('succeeded')

    const rerun = await fx.invoke('runs.rerun', { jobId: job, from: 'qa' })
    await fx.service.waitForRun(rerun.jobId)
    const events = (await fx.invoke('runs.get', { jobId: rerun.jobId })).events
    expect(events.filter((e) => e.type === 'step.reused').map((e) => ('step' in e ? e.step : ''))).toEqual(
      expect.arrayContaining(['architect', 'builder', 'docs']),
    )

    const compared = await fx.invoke('runs.compare', { a: job, b: replay.jobId })
    expect(compared.a.job_id).toBe(job)
    expect(compared.totals.changed + compared.totals.added + compared.totals.removed).toBe(0)
    expect(compared.first_divergent_step).toBeNull()
  })

  it('refuses what the core refuses, as typed errors naming the fix', async () => {
    fx = createAppFixture()
    const job = await demoRun(fx)
    const resume = await fx.raw('runs.resume', { jobId: job })
    expect(resume.ok).toBe(false)
    if (!resume.ok) expect(resume.error.message).toMatch(/succeeded|nothing to resume/i)
    const same = await fx.raw('runs.compare', { a: job, b: job })
    expect(same.ok).toBe(false)
    const unknownStep = await fx.raw('runs.rerun', { jobId: job, from: 'nosuch' })
    expect(unknownStep.ok).toBe(false)
    if (!unknownStep.ok) expect(unknownStep.error.message).toContain('architect')
    const missing = await fx.raw('runs.replay', { jobId: 'job_000000000000' })
    expect(missing.ok).toBe(false)
    const notGated = await fx.raw('runs.approve', { jobId: job, step: 'qa' })
    expect(notGated.ok).toBe(false)
  })
})

describe('managing runs through the contract', () => {
  it('estimates a spec without running it, and deletes a finished run (folder and row)', async () => {
    fx = createAppFixture()
    const estimate = await fx.invoke('runs.estimate', { text: TINY_SPEC, fileName: 'tiny_spec.yaml', provider: 'demo' })
    expect(estimate.steps.map((s) => s.step)).toEqual(['architect', 'builder', 'docs', 'qa'])
    expect(estimate.worst.tokens).toBeGreaterThanOrEqual(estimate.expected.tokens)
    expect((await fx.invoke('runs.list', {})).runs).toEqual([])
    const job = await demoRun(fx)
    expect(await fx.invoke('runs.delete', { jobId: job })).toEqual({ deleted: [job] })
    expect((await fx.invoke('runs.list', {})).runs).toEqual([])
    expect((await fx.raw('runs.get', { jobId: job })).ok).toBe(false)
  })
})
