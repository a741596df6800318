/**
 * startJob's two phases as a caller sees them: the first resolves with a job id whose run folder
 * already exists while no step has finished; the second (`done`) ends the run; a preflight
 * failure rejects the first phase and creates nothing.
 */
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ProviderError } from '../errors'
import { startJob } from './run-job'
import { createScriptedProvider, hasToolResults, writeFiles, type Script } from './testing/scripted-provider'
import { makeFixture, readManifest, stepOf, type EngineFixture } from './testing/engine-fixture'

let fixture: EngineFixture

function gatedScript(): { script: Script; open: () => void } {
  let open: () => void = () => undefined
  const gate = new Promise<void>((resolve) => {
    open = resolve
  })
  const script: Script = async (request) => {
    await gate
    const step = stepOf(request)
    if (hasToolResults(request)) return { text: [`${step} done`] }
    return writeFiles({ [`${step}.txt`]: `content of ${step}\n` })
  }
  return { script, open }
}

describe('startJob', () => {
  it('answers with a job id and an existing run folder before any step finishes, then done ends the run', async () => {
    fixture = makeFixture()
    const { script, open } = gatedScript()
    const job = await startJob({
      spec: fixture.specPath,
      runsDir: fixture.runsDir,
      providers: { scripted: createScriptedProvider(script) },
      env: {},
    })
    expect(job.jobId).toMatch(/^job_[0-9a-f]{12}$/)
    expect(existsSync(job.runDir)).toBe(true)
    const early = readManifest(job.runDir)
    expect(early.status).toBe('running')
    expect(early.completed_steps).toEqual([])
    open()
    const result = await job.done
    expect(result).toMatchObject({ jobId: job.jobId, runDir: job.runDir, status: 'succeeded' })
    expect(readManifest(job.runDir).completed_steps.sort()).toEqual(['a', 'b', 'c', 'd'])
  })

  it('is cancelled through the signal it was started with', async () => {
    fixture = makeFixture()
    const { script } = gatedScript()
    const controller = new AbortController()
    const job = await startJob({
      spec: fixture.specPath,
      runsDir: fixture.runsDir,
      providers: { scripted: createScriptedProvider(script) },
      env: {},
      signal: controller.signal,
    })
    controller.abort()
    expect((await job.done).status).toBe('cancelled')
    expect(readManifest(job.runDir).status).toBe('cancelled')
  })

  it('rejects the first phase, not done, when a preflight fails, and creates nothing', async () => {
    fixture = makeFixture()
    const provider = createScriptedProvider(gatedScript().script)
    provider.preflight = async () => {
      throw new ProviderError({ kind: 'model_not_found', message: 'model x is not pulled; run `ollama pull x`', retryable: false })
    }
    await expect(
      startJob({ spec: fixture.specPath, runsDir: fixture.runsDir, providers: { scripted: provider }, env: {} }),
    ).rejects.toMatchObject({
      kind: 'bad_input',
    })
    expect(existsSync(fixture.runsDir)).toBe(false)
  })
})
