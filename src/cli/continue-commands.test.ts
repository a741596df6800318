/**
 * The CLI verbs that work with a run after it starts, in-process against a fake Ollama server:
 * `run` stops at an approval gate and says how to continue, `approve` continues the job in place,
 * `rerun --from` makes a new job and prints what it reused, and bad input exits 2.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startFakeOllama, type FakeOllama } from '../core/providers/ollama/testing/fake-ollama-server'
import { makeFixture, readManifest, type EngineFixture } from '../core/engine/testing/engine-fixture'
import { diamondScript, OLLAMA_DIAMOND_SPEC } from '../core/engine/testing/ollama-diamond'
import { runCli } from './run-cli'
import { fakeIo } from './testing/fake-io'
import { serverForTest } from '../core/testing/run-fixture'

let fixture: EngineFixture | undefined
let server: FakeOllama | undefined

const GATED = OLLAMA_DIAMOND_SPEC.replace('needs: [a] }\n  - { id: c', 'needs: [a], approve: true }\n  - { id: c')

describe('resume, rerun, approve and reject on the command line', () => {
  it('run stops at a gate, approve continues it, rerun --from reuses the rest', async () => {
    fixture = makeFixture(GATED)
    server = await serverForTest(startFakeOllama(diamondScript()))
    const env = { OLLAMA_HOST: server.url }
    const cli = async (...argv: string[]) => {
      const io = fakeIo({ cwd: fixture?.dir ?? '.', env })
      const code = await runCli([...argv, '--runs-dir', fixture?.runsDir ?? ''], io.io)
      return { code, out: io.stdout(), err: io.stderr() }
    }

    const run = await cli('run', fixture.specPath)
    expect(run.code).toBe(1)
    expect(run.out).toContain('⏸ Job awaiting approval')
    const jobId = /run id\s+(job_[0-9a-f]{12})/.exec(run.out)?.[1] ?? '?'
    expect(run.out).toContain(`approve with: orchestrator approve ${jobId} b`)

    const approved = await cli('approve', jobId, 'b')
    expect(approved.code).toBe(0)
    expect(approved.out).toMatch(/reused 2 steps \(a, c\), saved [\d,]+ tokens \/ \$0\.00/)
    expect(approved.out).toContain('✓ Job succeeded')
    expect(readManifest(join(fixture.runsDir, jobId)).status).toBe('succeeded')

    const prompt = join(fixture.dir, 'd-prompt.md')
    writeFileSync(prompt, 'step d: review again {{steps.b.files}}')
    const rerun = await cli('rerun', jobId, '--from', 'd', '--prompt-file', prompt)
    expect(rerun.code).toBe(0)
    expect(rerun.out).toMatch(new RegExp(`reused 3 steps from ${jobId} \\(a, b, c\\)`))
    const childId = /run id\s+(job_[0-9a-f]{12})/.exec(rerun.out)?.[1] ?? '?'
    expect(childId).not.toBe(jobId)
    expect(readManifest(join(fixture.runsDir, childId))).toMatchObject({ parent_job_id: jobId, rerun_from: 'd' })

    const resumed = await cli('resume', jobId)
    expect(resumed.code).toBe(0)
    expect(resumed.out).toContain('nothing to resume')
    const badStep = await cli('rerun', jobId, '--from', 'zz')
    expect(badStep.code).toBe(2)
    expect(badStep.err).toContain('its steps: a, b, c, d')
    const badJob = await cli('approve', 'job_ffffffffffff', 'b')
    expect(badJob.code).toBe(2)
    expect(badJob.err).toContain('known jobs:')
  })
})
