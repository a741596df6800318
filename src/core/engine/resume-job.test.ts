/**
 * Resume in place against a fake Ollama server: a job whose step failed continues in the same
 * folder with the same id; its finished steps make no model call and keep their events and cost;
 * the manifest, events and history row record the resume. Refusals: a succeeded job, an unknown
 * id (naming the known ones), a second resume while one holds the lock. A run folder copied into
 * another runs folder resumes on its own.
 */
import { cpSync, existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { HistoryDb } from '../history/history-db'
import { startFakeOllama, type FakeOllama } from '../providers/ollama/testing/fake-ollama-server'
import { resumeJob } from './resume-job'
import { runJob } from './run-job'
import { makeFixture, readEventsStrict, readManifest, type EngineFixture } from './testing/engine-fixture'
import { diamondScript, diamondStep, OLLAMA_DIAMOND_SPEC } from './testing/ollama-diamond'
import { serverForTest } from '../testing/run-fixture'

let fixture: EngineFixture | undefined
let server: FakeOllama | undefined

const failing = new Set<string>()
async function failedJob() {
  fixture = makeFixture(OLLAMA_DIAMOND_SPEC)
  server = await serverForTest(startFakeOllama(diamondScript(failing)))
  failing.clear()
  failing.add('c')
  const env = { OLLAMA_HOST: server.url }
  const first = await runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, env })
  failing.clear()
  return { first, env, runsDir: fixture.runsDir, server }
}

const callsFor = (s: FakeOllama, step: string) => s.requests.filter((r) => diamondStep(r) === step).length

describe('resumeJob', () => {
  it('continues a failed job in the same folder, calling the model only for unfinished steps', async () => {
    const { first, env, runsDir, server: s } = await failedJob()
    expect(first.status).toBe('failed')
    const before = readManifest(first.runDir)
    const eventsBefore = readEventsStrict(first.runDir).length
    const aCalls = callsFor(s, 'a')
    const bCalls = callsFor(s, 'b')

    const resumed = await resumeJob(runsDir, first.jobId, { env })
    expect(resumed.status).toBe('succeeded')
    expect(resumed.jobId).toBe(first.jobId)
    expect(resumed.runDir).toBe(first.runDir)
    expect(resumed.reused.sort()).toEqual(['a', 'b'])
    const tokensOf = (id: string) => {
      const step = before.steps[id]
      return (step?.usage.prompt_tokens ?? 0) + (step?.usage.completion_tokens ?? 0) + (step?.saved_tokens ?? 0)
    }
    expect(resumed.saved.tokens).toBe(tokensOf('a') + tokensOf('b'))
    expect(resumed.saved.tokens).toBeGreaterThan(0)
    expect(callsFor(s, 'a')).toBe(aCalls)
    expect(callsFor(s, 'b')).toBe(bCalls)
    expect(callsFor(s, 'c')).toBeGreaterThan(0)
    expect(callsFor(s, 'd')).toBeGreaterThan(0)
    expect(readdirSync(runsDir).filter((n) => n.startsWith('job_'))).toEqual([first.jobId])

    const after = readManifest(first.runDir)
    expect(after.status).toBe('succeeded')
    expect(after.failures).toEqual([])
    expect(after.steps.a).toEqual(before.steps.a)
    expect(after.files.map((f) => f.path).sort()).toEqual(['a.txt', 'b.txt', 'c.txt', 'd.txt'])
    expect(after.resumes).toEqual([
      { at: expect.any(String), from_status: 'failed', reused_steps: ['a', 'b'], saved_tokens: resumed.saved.tokens, saved_usd: 0 },
    ])
    const events = readEventsStrict(first.runDir)
    expect(events.slice(0, eventsBefore).map((e) => e.seq)).toEqual([...Array(eventsBefore).keys()])
    expect(events[eventsBefore]).toMatchObject({ type: 'job.resumed', from_status: 'failed', rerun_steps: ['c', 'd'] })
    expect(events.filter((e) => e.type === 'step.started' && e.seq > eventsBefore).map((e) => 'step' in e && e.step)).toEqual(['c', 'd'])

    const db = HistoryDb.open(runsDir)
    try {
      expect(db.getRun(first.jobId)?.summary.status).toBe('succeeded')
    } finally {
      db.close()
    }

    await expect(resumeJob(runsDir, first.jobId, { env })).rejects.toMatchObject({
      kind: 'nothing_to_resume',
      message: expect.stringMatching(/already succeeded/),
    })
  })

  it('refuses an unknown job naming the known ones, and a second resume while the first holds the lock', async () => {
    const { first, env, runsDir } = await failedJob()
    await expect(resumeJob(runsDir, 'job_000000000000', { env })).rejects.toMatchObject({
      kind: 'bad_input',
      message: expect.stringContaining(`known jobs: ${first.jobId}`),
    })
    // A live process (this test's parent) holds the lock: the resume is refused and names it.
    writeFileSync(join(first.runDir, '.lock'), `${process.ppid}\n`)
    await expect(resumeJob(runsDir, first.jobId, { env })).rejects.toMatchObject({
      kind: 'job_busy',
      message: expect.stringContaining(`process ${process.ppid}`),
    })
    // A lock left by a dead process is taken over.
    writeFileSync(join(first.runDir, '.lock'), '999999999\n')
    expect((await resumeJob(runsDir, first.jobId, { env })).status).toBe('succeeded')
  })

  it('refuses a job whose manifest says another live process is running it', async () => {
    const { first, env, runsDir } = await failedJob()
    const manifest = readManifest(first.runDir)
    writeFileSync(join(first.runDir, 'manifest.json'), JSON.stringify({ ...manifest, status: 'running', pid: process.ppid }))
    await expect(resumeJob(runsDir, first.jobId, { env })).rejects.toMatchObject({
      kind: 'job_busy',
      message: expect.stringContaining(`process ${process.ppid}`),
    })
  })

  it('a resume that crashed (job left running by a dead process, its lock left behind) can be resumed again', async () => {
    const { first, env, runsDir } = await failedJob()
    const manifest = readManifest(first.runDir)
    writeFileSync(join(first.runDir, 'manifest.json'), JSON.stringify({ ...manifest, status: 'running', pid: 999_999_999 }))
    writeFileSync(join(first.runDir, '.lock'), '999999999\n')
    const resumed = await resumeJob(runsDir, first.jobId, { env })
    expect(resumed.status).toBe('succeeded')
    expect(readManifest(first.runDir).resumes.at(-1)?.from_status).toBe('interrupted')
    expect(existsSync(join(first.runDir, '.lock'))).toBe(false)
  })

  it('resumes a run folder copied into another runs folder (no shared cache, no history)', async () => {
    const { first, env } = await failedJob()
    const elsewhere = join(fixture!.dir, 'other-machine', 'runs')
    cpSync(first.runDir, join(elsewhere, first.jobId), { recursive: true })
    const resumed = await resumeJob(elsewhere, first.jobId, { env })
    expect(resumed.status).toBe('succeeded')
    expect(readManifest(join(elsewhere, first.jobId)).steps.d?.status).toBe('succeeded')
    expect(readManifest(first.runDir).status).toBe('failed')
  })
})
