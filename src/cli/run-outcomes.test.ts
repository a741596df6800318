import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startFakeOllama, type FakeOllama, type FakeReply } from '../core/providers/ollama/testing/fake-ollama-server'
import { manifestSchema } from '../shared/manifest'
import { runCli } from './run-cli'
import { fakeIo } from './testing/fake-io'
import { examplePath } from '../core/testing/run-fixture'
import { waitFor } from '../core/testing/wait-for'
import { testTempDir } from '../core/testing/test-temp-dir'

const TINY = examplePath('tiny_spec')

let dir = ''
let runsDir = ''
let fake: FakeOllama | undefined
beforeEach(() => {
  dir = testTempDir('uo-cli-outcome-')
  runsDir = join(dir, 'runs')
})
afterEach(async () => {
  await fake?.close()
  fake = undefined
})

function onlyRunDir(): string {
  const jobs = existsSync(runsDir) ? readdirSync(runsDir).filter((n) => n.startsWith('job_')) : []
  return jobs.length === 1 && jobs[0] ? join(runsDir, jobs[0]) : ''
}

describe('run outcomes against a fake Ollama', () => {
  it('Ctrl-C (io.signal) cancels a stalled run: exit 1, manifest cancelled; tail --follow ends with it', async () => {
    const stall: FakeReply = { text: ['Designing'], ending: 'stall' }
    fake = await startFakeOllama(() => stall)
    const controller = new AbortController()
    const run = fakeIo({ cwd: dir, env: { OLLAMA_HOST: fake.url }, signal: controller.signal })
    const running = runCli(['run', TINY, '--provider', 'ollama', '--runs-dir', runsDir], run.io)

    await waitFor(() => fake !== undefined && fake.requests.length > 0 && onlyRunDir() !== '', 'the first chat request')
    const jobId = onlyRunDir().split('/').at(-1) ?? ''
    const tailStop = AbortSignal.timeout(15_000)
    const tail = fakeIo({ cwd: dir, signal: tailStop })
    const tailing = runCli(['tail', jobId, '--follow', '--runs-dir', runsDir], tail.io)
    await new Promise((r) => setTimeout(r, 300))
    controller.abort()

    expect(await running).toBe(1)
    const manifest = manifestSchema().parse(JSON.parse(readFileSync(join(onlyRunDir(), 'manifest.json'), 'utf8')))
    expect(manifest.status).toBe('cancelled')
    expect(manifest.steps.architect?.status).toBe('cancelled')
    expect(run.stdout()).toContain('Job cancelled')
    expect(run.stdout()).toMatch(/architect started \(ollama qwen3\.5\)/)
    expect(run.stdout()).not.toContain('offline demo')

    expect(await tailing).toBe(0)
    expect(tailStop.aborted).toBe(false)
    expect(tail.stdout()).toMatch(/architect started/)
    expect(tail.stdout().trimEnd().split('\n').at(-1)).toMatch(/job cancelled/)
  })

  it('a failing step makes exit 1 and the summary lists the failure kind and message', async () => {
    fake = await startFakeOllama(() => ({ status: 400, error: 'this model does not support tools' }))
    const out = fakeIo({ cwd: dir, env: { OLLAMA_HOST: fake.url } })
    expect(await runCli(['run', TINY, '--provider', 'ollama', '--runs-dir', runsDir], out.io)).toBe(1)
    const text = out.stdout()
    expect(text).toContain('✗ Job FAILED')
    expect(text).toMatch(/architect: \[bad_request\] .*does not support tools/)
    expect(text).toMatch(/qa skipped/)
    const manifest = manifestSchema().parse(JSON.parse(readFileSync(join(onlyRunDir(), 'manifest.json'), 'utf8')))
    expect(manifest.status).toBe('failed')
  })

  it('a model that is not pulled is bad input (exit 2) and creates no run folder', async () => {
    fake = await startFakeOllama(() => ({ text: ['x'] }), { models: [] })
    const out = fakeIo({ cwd: dir, env: { OLLAMA_HOST: fake.url } })
    expect(await runCli(['run', TINY, '--provider', 'ollama', '--runs-dir', runsDir], out.io)).toBe(2)
    expect(out.stderr()).toContain('ollama pull qwen3.5')
    expect(onlyRunDir()).toBe('')
  })
})
