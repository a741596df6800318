/**
 * The context-window warning end to end: the tiny spec through the real Ollama adapter against the
 * fake Ollama counting and truncating prompts as Ollama does (fake-ollama-prompt.ts).
 */
import { describe, expect, it } from 'vitest'
import type { RunEvent } from '../../shared/run-event'
import { startFakeOllama, type FakeOllama, type FakeOllamaOptions } from '../providers/ollama/testing/fake-ollama-server'
import { teamScript } from './testing/team-script'
import { runJob } from './run-job'
import { makeFixture, readEventsStrict, readManifest, type EngineFixture } from './testing/engine-fixture'
import { exampleSpec, serverForTest } from '../testing/run-fixture'

const TINY = exampleSpec('tiny_spec')
let fixture: EngineFixture
let server: FakeOllama | undefined

type ContextWarning = Extract<RunEvent, { type: 'step.context_warning' }>

async function run(numCtx: string, options: FakeOllamaOptions) {
  fixture = makeFixture(TINY)
  server = await serverForTest(startFakeOllama(teamScript, options))
  const job = await runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, env: { OLLAMA_HOST: server.url, OLLAMA_NUM_CTX: numCtx } })
  expect(job.status).toBe('succeeded')
  const events = readEventsStrict(job.runDir)
  const warnings = events.filter((e): e is ContextWarning => e.type === 'step.context_warning')
  return { events, warnings, manifest: readManifest(job.runDir), requests: server.requests }
}

describe('a prompt near the Ollama context window', () => {
  it('says nothing when every prompt fits well within num_ctx', async () => {
    const { warnings, requests } = await run('8192', { countPrompt: {} })
    expect(requests.every((r) => r.counted?.droppedMessages === 0 && !r.counted.shifted)).toBe(true)
    expect(warnings).toEqual([])
  })

  it('warns before the call once a model’s counted tokens show the estimate runs low, naming OLLAMA_NUM_CTX', async () => {
    // Two characters a token: chars/4 alone would see half the prompt; the architect's counts teach the scale.
    const { events, warnings, requests } = await run('1800', { countPrompt: { charsPerToken: 2 } })
    expect(requests.every((r) => r.counted?.droppedMessages === 0 && !r.counted.shifted)).toBe(true)
    const builder = warnings.filter((w) => w.step === 'builder')
    expect(builder).toHaveLength(1)
    const [warning] = builder
    expect(warning).toMatchObject({ measured: false, truncated: false, context_tokens: 1800, provider: 'ollama', model: 'qwen3.5' })
    const firstCall = events.find((e) => e.type === 'provider.call' && e.step === 'builder')
    expect(warning!.seq).toBeLessThan(firstCall!.seq)
    expect(warning!.level).toBe('warn')
    expect(warning!.message).toMatch(/`options: \{num_ctx: 4096\}` in the spec, or OLLAMA_NUM_CTX=4096 when the spec sets none/)
    expect(warnings.some((w) => w.step === 'architect')).toBe(false)
  })

  it('reports a prompt Ollama cut to fit, with the count it evaluated, in the events and the manifest', async () => {
    const { warnings, manifest, requests } = await run('700', { countPrompt: {} })
    expect(requests.some((r) => (r.counted?.droppedMessages ?? 0) > 0)).toBe(true)
    const truncated = warnings.filter((w) => w.truncated)
    expect(truncated.length).toBeGreaterThan(0)
    expect(new Set(truncated.map((w) => w.step)).size).toBe(truncated.length)
    for (const w of truncated) {
      expect(w.measured).toBe(true)
      expect(w.message).toMatch(/ollama truncated the prompt/)
      expect(w.message).toMatch(/OLLAMA_NUM_CTX=\d+/)
    }
    expect(manifest.notices.some((n) => n.startsWith(`${truncated[0]!.step}: ollama truncated the prompt`))).toBe(true)
  })

  it('takes the model’s own context_length when it is below num_ctx, and says so instead of suggesting a larger num_ctx', async () => {
    const { warnings, requests } = await run('8192', { countPrompt: {}, contextLengths: { 'qwen3.5': 1000 } })
    expect(requests[0]?.counted?.numCtx).toBe(1000)
    expect(warnings.length).toBeGreaterThan(0)
    for (const w of warnings) {
      expect(w.context_tokens).toBe(1000)
      expect(w.message).toMatch(/1000 is qwen3\.5's own maximum/)
      expect(w.message).not.toMatch(/OLLAMA_NUM_CTX/)
    }
  })
})
