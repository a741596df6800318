/**
 * A spec that mixes providers runs end to end against local servers speaking the real wire
 * protocols: a cloud Architect (OpenAI SSE, real `openai` SDK) and a local team (Ollama ND-JSON,
 * real `ollama` package). Each step is served by its own provider and recorded as such; the
 * spec's `base_urls` wins over OPENAI_BASE_URL.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startFakeOllama, type FakeOllama } from '../providers/ollama/testing/fake-ollama-server'
import { FAKE_OPENAI_KEY, startFakeOpenAI } from '../providers/openai/testing/fake-openai-server'
import type { FakeProviderServer } from '../providers/testing/contract-types'
import { runJob } from './run-job'
import { makeFixture, readManifest, sha256File, type EngineFixture } from './testing/engine-fixture'
import { teamScript } from './testing/team-script'
import { exampleSpec, serverForTest } from '../testing/run-fixture'

let fixture: EngineFixture | undefined
let ollama: FakeOllama | undefined
let openai: FakeProviderServer | undefined

function mixedSpec(openaiUrl: string): string {
  const notes = exampleSpec('notes_api')
  // The same graph as the example, with the Architect moved to a cloud model whose address the spec gives.
  return `${notes.replace(/\n {2}architect:\n {4}role: Architect\n/, '\n  architect:\n    role: Architect\n    provider: openai\n    model: gpt-4o-mini\n')}\nbase_urls:\n  openai: ${openaiUrl}\n`
}

describe('a spec mixing OpenAI and Ollama', () => {
  it('runs each step on its own provider and succeeds', async () => {
    ollama = await serverForTest(startFakeOllama(teamScript))
    openai = await serverForTest(startFakeOpenAI({ apiKey: FAKE_OPENAI_KEY, models: ['gpt-4o-mini'] }))
    const spec = mixedSpec(openai.url)
    expect(spec).toContain('provider: openai')
    fixture = makeFixture(spec)
    openai.play(
      {
        kind: 'tool_call',
        text: 'Saving the design.',
        name: 'write_file',
        argumentsJson: JSON.stringify({ path: 'DESIGN.md', content: '# Cloud design\n' }),
        chunks: 5,
        usage: { input: 300, output: 40 },
      },
      { kind: 'text', deltas: ['Design ', 'saved.'], usage: { input: 350, output: 5 } },
    )
    const env = { OLLAMA_HOST: ollama.url, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_API_KEY: FAKE_OPENAI_KEY, PROVIDER: '' }
    const result = await runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, env })

    expect(result.status).toBe('succeeded')
    const manifest = readManifest(result.runDir)
    expect(manifest.provider).toBe('mixed: ollama, openai')
    expect(manifest.steps.architect).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', provider_calls: 2 })
    expect(manifest.steps.architect?.usage).toEqual({ prompt_tokens: 650, completion_tokens: 45 })
    expect(manifest.steps.builder?.provider).toBe('ollama')
    expect(openai.requests).toHaveLength(2)
    // the builder saw the cloud Architect's design through its prompt template
    const builderPrompt = ollama.requests.find((r) => r.messages[0]?.content.includes('the Builder'))?.messages[1]?.content
    expect(builderPrompt).toContain('# Cloud design')
    for (const file of manifest.files) expect(sha256File(join(result.runDir, 'outputs', file.path))).toBe(file.sha256)
  })
})
