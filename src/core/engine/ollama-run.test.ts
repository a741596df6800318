/**
 * The seed's tiny spec end to end through the real Ollama adapter (the `ollama` package) against
 * a local server speaking Ollama's /api/chat protocol: `auto` picks Ollama when it has the model,
 * Builder and Docs overlap, a model that answers in prose with a named code block still produces
 * its file, and the seed's OLLAMA_NUM_* variables reach the request options.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startFakeOllama, type FakeOllama } from '../providers/ollama/testing/fake-ollama-server'
import { TEAM_OUTPUTS, teamScript as script } from './testing/team-script'
import { runJob } from './run-job'
import { makeFixture, readEventsStrict, readManifest, sha256File, type EngineFixture } from './testing/engine-fixture'
import { exampleSpec, serverForTest } from '../testing/run-fixture'

const TINY = exampleSpec('tiny_spec')
let fixture: EngineFixture
let server: FakeOllama | undefined

describe('tiny spec through the Ollama adapter', () => {
  it('runs the built-in graph end to end and replays it with zero calls', async () => {
    fixture = makeFixture(TINY)
    server = await serverForTest(startFakeOllama(script))
    const env = { OLLAMA_HOST: server.url, OLLAMA_NUM_CTX: '4096', OLLAMA_NUM_PREDICT: '512', OLLAMA_NUM_PARALLEL: '2' }
    const first = await runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, env })
    expect(first.status).toBe('succeeded')
    const manifest = readManifest(first.runDir)
    expect(manifest.provider).toBe('ollama')
    expect(Object.values(manifest.steps).every((s) => s.provider === 'ollama' && s.model === 'qwen3.5')).toBe(true)
    expect(manifest.files.map((f) => f.path).sort()).toEqual(TEAM_OUTPUTS)
    for (const file of manifest.files) expect(sha256File(join(first.runDir, 'outputs', file.path))).toBe(file.sha256)
    expect(manifest.steps.builder?.usage.prompt_tokens).toBeGreaterThan(0)

    const options = server.requests[0]?.options ?? {}
    expect(options.num_ctx).toBe(4096)
    expect(options.num_predict).toBe(512)

    const events = readEventsStrict(first.runDir)
    const startOf = (step: string) => events.findIndex((e) => e.type === 'step.started' && e.step === step)
    const endOf = (step: string) => events.findIndex((e) => e.type === 'step.succeeded' && e.step === step)
    expect(startOf('docs')).toBeLessThan(endOf('builder'))
    expect(startOf('builder')).toBeLessThan(endOf('docs'))
    expect(existsSync(join(first.runDir, 'artifacts', 'qa.md'))).toBe(true)

    const calls = server.requests.length
    const second = await runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, env })
    expect(second.status).toBe('succeeded')
    expect(server.requests.length).toBe(calls)
    expect(
      readManifest(second.runDir)
        .files.map((f) => f.sha256)
        .sort(),
    ).toEqual(manifest.files.map((f) => f.sha256).sort())
  })

  it('fails before creating anything when the model is not pulled, naming ollama pull', async () => {
    fixture = makeFixture(TINY)
    server = await serverForTest(startFakeOllama(script, { models: ['llama3:8b'] }))
    await expect(
      runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, env: { OLLAMA_HOST: server.url, PROVIDER: 'ollama' } }),
    ).rejects.toThrow(/ollama pull qwen3\.5/)
    expect(existsSync(fixture.runsDir)).toBe(false)
  })
})
