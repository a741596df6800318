/**
 * Approval gates against a fake Ollama server: a step with `approve: true` pauses the run before
 * it starts (no model call for it or its dependents, independent steps still finish, status
 * `awaiting_approval`); approveStep continues the same job in place, rejectStep fails the step
 * and skips its dependents; an asker (a terminal) can approve with an edited prompt at once.
 */
import { describe, expect, it } from 'vitest'
import { startFakeOllama, type FakeOllama } from '../providers/ollama/testing/fake-ollama-server'
import { approveStep, rejectStep } from './resume-job'
import { runJob } from './run-job'
import { makeFixture, readEventsStrict, readManifest, type EngineFixture } from './testing/engine-fixture'
import { diamondScript, diamondStep, OLLAMA_DIAMOND_SPEC } from './testing/ollama-diamond'
import { serverForTest } from '../testing/run-fixture'

const GATED_SPEC = OLLAMA_DIAMOND_SPEC.replace('needs: [a] }\n  - { id: c', 'needs: [a], approve: true }\n  - { id: c')

let fixture: EngineFixture | undefined
let server: FakeOllama | undefined

async function pausedJob() {
  fixture = makeFixture(GATED_SPEC)
  server = await serverForTest(startFakeOllama(diamondScript()))
  const env = { OLLAMA_HOST: server.url }
  const first = await runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, env })
  return { first, env, runsDir: fixture.runsDir, server }
}
const asked = (s: FakeOllama) => new Set(s.requests.map(diamondStep))

describe('approval gates', () => {
  it('pause before the gated step; approve continues the same job in place', async () => {
    const { first, env, runsDir, server: s } = await pausedJob()
    expect(GATED_SPEC).toContain('approve: true')
    expect(first.status).toBe('awaiting_approval')
    const paused = readManifest(first.runDir)
    expect(paused.status).toBe('awaiting_approval')
    expect(paused.steps.b).toMatchObject({ status: 'awaiting_approval', approval: 'awaiting' })
    expect(paused.steps.c?.status).toBe('succeeded')
    expect(paused.steps.d?.status).toBe('pending')
    expect(asked(s)).toEqual(new Set(['a', 'c']))

    const approved = await approveStep(runsDir, first.jobId, 'b', { env })
    expect(approved.status).toBe('succeeded')
    expect(approved.jobId).toBe(first.jobId)
    expect(approved.reused.sort()).toEqual(['a', 'c'])
    expect(asked(s)).toEqual(new Set(['a', 'b', 'c', 'd']))
    expect(readManifest(first.runDir).steps.b).toMatchObject({ status: 'succeeded', approval: 'approved' })
    const types = readEventsStrict(first.runDir).map((e) => e.type)
    expect(types).toContain('step.awaiting_approval')
    expect(types.indexOf('job.awaiting_approval')).toBeLessThan(types.indexOf('job.resumed'))
    expect(types.indexOf('step.approved')).toBeGreaterThan(types.indexOf('job.resumed'))
    await expect(approveStep(runsDir, first.jobId, 'b', { env })).rejects.toMatchObject({ kind: 'nothing_to_resume' })
  })

  it('reject fails the gated step and skips its dependents; unknown or ungated steps are bad input', async () => {
    const { first, env, runsDir } = await pausedJob()
    await expect(approveStep(runsDir, first.jobId, 'x', { env })).rejects.toMatchObject({
      kind: 'bad_input',
      message: expect.stringContaining('its steps: a, b, c, d'),
    })
    await expect(approveStep(runsDir, first.jobId, 'c', { env })).rejects.toMatchObject({
      kind: 'bad_input',
      message: expect.stringContaining('gated steps: b'),
    })
    const rejected = await rejectStep(runsDir, first.jobId, 'b', { env, reason: 'wrong plan' })
    expect(rejected.status).toBe('failed')
    const manifest = readManifest(first.runDir)
    expect(manifest.steps.b).toMatchObject({ status: 'failed', approval: 'rejected', error: { kind: 'rejected' } })
    expect(manifest.steps.d?.status).toBe('skipped')
    expect(manifest.failures[0]?.message).toContain('wrong plan')
  })

  it('an asker approves at once with an edited prompt', async () => {
    fixture = makeFixture(GATED_SPEC)
    server = await serverForTest(startFakeOllama(diamondScript()))
    const questions: string[] = []
    const result = await runJob({
      spec: fixture.specPath,
      runsDir: fixture.runsDir,
      env: { OLLAMA_HOST: server.url },
      askApproval: async ({ step, prompt }) => {
        questions.push(`${step}: ${prompt.slice(0, 6)}`)
        return { decision: 'approve', prompt: 'step b: build it small' }
      },
    })
    expect(result.status).toBe('succeeded')
    expect(questions).toEqual(['b: step b'])
    const bRequest = server.requests.find((r) => diamondStep(r) === 'b')
    expect(bRequest?.messages.find((m) => m.role === 'user')?.content).toBe('step b: build it small')
  })
})
