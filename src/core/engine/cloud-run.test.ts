/**
 * The seed's tiny spec end to end through the cloud adapters (real `openai` and
 * `@anthropic-ai/sdk` inside) against fakes built like the real APIs: OpenAI's current default
 * model through the Responses API, with Chat Completions refusing its tool calls as OpenAI does;
 * Anthropic's current default model with thinking blocks that must come back signed, and the
 * system prompt and each turn marked for prompt caching.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startFakeAnthropic } from '../providers/anthropic/testing/fake-anthropic-server'
import { FAKE_OPENAI_KEY, startFakeOpenAI } from '../providers/openai/testing/fake-openai-server'
import { DEFAULT_ANTHROPIC_MODEL, DEFAULT_OPENAI_MODEL } from '../providers/provider-registry'
import type { FakeProviderServer } from '../providers/testing/contract-types'
import { runJob } from './run-job'
import { makeFixture, readEventsStrict, readManifest, type EngineFixture } from './testing/engine-fixture'
import { TEAM_OUTPUTS, teamScenario } from './testing/team-script'
import { exampleSpec, serverForTest } from '../testing/run-fixture'

const TINY = exampleSpec('tiny_spec')

type Item = { type?: string; role?: string; content?: unknown }
const openAIScript = (raw: unknown) => {
  const body = raw as { instructions?: string; input?: Item[]; messages?: Item[] }
  const system = body.instructions ?? String(body.messages?.find((m) => m.role === 'system')?.content ?? '')
  const results = (body.input ?? body.messages ?? []).filter((i) => i.type === 'function_call_output' || i.role === 'tool').length
  return teamScenario(system, results)
}
const anthropicScript = (raw: unknown) => {
  const body = raw as { system?: { text: string }[]; messages: { content: unknown }[] }
  const results = body.messages
    .flatMap((m) => (Array.isArray(m.content) ? (m.content as Item[]) : []))
    .filter((b) => b.type === 'tool_result')
  return teamScenario(body.system?.map((b) => b.text).join('\n') ?? '', results.length)
}

let fixture: EngineFixture
let server: FakeProviderServer | undefined

describe('tiny spec through OpenAI', () => {
  const start = () =>
    startFakeOpenAI({
      apiKey: FAKE_OPENAI_KEY,
      models: [DEFAULT_OPENAI_MODEL],
      reasoningModels: [DEFAULT_OPENAI_MODEL],
      responses: true,
      script: openAIScript,
    })

  it('runs on the current default model through the Responses API, reasoning passed back, priced', async () => {
    fixture = makeFixture(TINY)
    server = await serverForTest(start())
    const env = { PROVIDER: 'openai', OPENAI_API_KEY: FAKE_OPENAI_KEY, OPENAI_BASE_URL: server.url, OPENAI_API: 'responses' }
    const result = await runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, env })
    expect(result.status).toBe('succeeded')
    const manifest = readManifest(result.runDir)
    expect(Object.values(manifest.steps).every((s) => s.provider === 'openai' && s.model === DEFAULT_OPENAI_MODEL)).toBe(true)
    expect(manifest.files.map((f) => f.path).sort()).toEqual(TEAM_OUTPUTS)
    expect(new Set(server.requests.map((r) => r.path))).toEqual(new Set(['/v1/responses']))
    expect(manifest.cost_usd).toBeGreaterThan(0)
    const sent = server.requests.filter((r) => r.path === '/v1/responses').map((r) => r.body as { input: Item[]; instructions?: string })
    expect(sent.every((b) => typeof b.instructions === 'string' && b.instructions.length > 0)).toBe(true)
    expect(sent.some((b) => b.input.some((i) => i.type === 'reasoning'))).toBe(true)
  })

  it('over Chat Completions the same model refuses the tools, and the run says to use /v1/responses', async () => {
    fixture = makeFixture(TINY)
    server = await serverForTest(start())
    const env = { PROVIDER: 'openai', OPENAI_API_KEY: FAKE_OPENAI_KEY, OPENAI_BASE_URL: server.url, OPENAI_API: 'chat' }
    const result = await runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, env })
    expect(result.status).toBe('failed')
    const failed = readEventsStrict(result.runDir).find((e) => e.type === 'step.failed')
    expect(failed).toMatchObject({ step: 'architect', attempts: 1, error: { kind: 'bad_request', status: 400 } })
    expect(failed?.type === 'step.failed' ? failed.error.message : '').toContain('/v1/responses')
  })
})

describe('tiny spec through Anthropic', () => {
  it('runs on the current default model: thinking passed back signed, system prompt and turns marked for caching, priced', async () => {
    fixture = makeFixture(TINY)
    server = await serverForTest(startFakeAnthropic({ script: anthropicScript }))
    const env = { PROVIDER: 'anthropic', ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: server.url }
    const result = await runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, env })
    expect(result.status).toBe('succeeded')
    const manifest = readManifest(result.runDir)
    expect(Object.values(manifest.steps).every((s) => s.provider === 'anthropic' && s.model === DEFAULT_ANTHROPIC_MODEL)).toBe(true)
    expect(manifest.files.map((f) => f.path).sort()).toEqual(TEAM_OUTPUTS)
    expect(manifest.cost_usd).toBeGreaterThan(0)
    expect(manifest.steps.builder?.provider_calls).toBeGreaterThan(1)
    type Sent = {
      system: { cache_control?: unknown }[]
      messages: { role: string; content: string | { type: string; cache_control?: unknown }[] }[]
    }
    const sent = server.requests.map((r) => r.body as Sent)
    // The tiny spec's prompts stay under the 1024-token cache minimum (anthropic-caching.test.ts shows reads and writes);
    // every request still marks the system prompt and the end of the conversation for caching.
    expect(sent.every((b) => b.system.at(-1)?.cache_control !== undefined)).toBe(true)
    const lastBlock = (b: Sent) => {
      const content = b.messages.at(-1)?.content
      return Array.isArray(content) ? content.at(-1) : undefined
    }
    expect(sent.every((b) => lastBlock(b)?.cache_control !== undefined)).toBe(true)
    const followUps = sent.filter((b) => b.messages.some((m) => m.role === 'assistant'))
    expect(followUps.length).toBeGreaterThan(0)
    for (const body of followUps) {
      for (const m of body.messages.filter((x) => x.role === 'assistant')) {
        expect(Array.isArray(m.content) ? m.content[0]?.type : 'text').toBe('thinking')
      }
    }
    const events = readEventsStrict(result.runDir)
    for (const step of Object.keys(manifest.steps)) {
      const thought = events.flatMap((e) => (e.type === 'step.thinking' && e.step === step ? [e.text] : [])).join('')
      expect(thought).toContain('needs a plan first.')
    }
    expect(events.some((e) => e.type === 'step.token' && e.text.includes('needs a plan'))).toBe(false)
    expect(manifest.files.length).toBeGreaterThan(0)
    for (const file of manifest.files) expect(readFileSync(join(result.runDir, 'outputs', file.path), 'utf8')).not.toContain('needs a plan')
  })
})
