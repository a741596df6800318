/**
 * Settings' model pickers and "Test connection" through the real adapters against the fake
 * servers: Ollama's installed models, an OpenAI-compatible server's models at the saved base
 * URL with the stored key, a preflight that passes and one that names the missing model, and an
 * unreachable server reported as data.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startFakeOllama, type FakeOllama } from '../providers/ollama/testing/fake-ollama-server'
import { FAKE_OPENAI_KEY, startFakeOpenAI } from '../providers/openai/testing/fake-openai-server'
import type { FakeProviderServer } from '../providers/testing/contract-types'
import { createAppFixture, type AppFixture } from './testing/app-fixture'

let fx: AppFixture
let ollama: FakeOllama | undefined
let openai: FakeProviderServer | undefined
afterEach(async () => {
  await fx.close()
  await ollama?.close()
  await openai?.close()
  ollama = undefined
  openai = undefined
})

describe('providers.models and providers.test', () => {
  it("lists Ollama's installed models and tests one that is installed and one that is not", async () => {
    ollama = await startFakeOllama(() => ({ text: ['ok'] }), { models: ['qwen2.5-coder:7b', 'llama3.2:1b'] })
    fx = createAppFixture({ env: { OLLAMA_HOST: ollama.url } })
    expect(await fx.invoke('providers.models', { provider: 'ollama' })).toEqual({
      provider: 'ollama',
      models: ['llama3.2:1b', 'qwen2.5-coder:7b'],
    })
    expect(await fx.invoke('providers.test', { provider: 'ollama', model: 'llama3.2:1b' })).toMatchObject({
      ok: true,
      model: 'llama3.2:1b',
    })
    const missing = await fx.invoke('providers.test', { provider: 'ollama', model: 'phi3:mini' })
    expect(missing).toMatchObject({ ok: false, kind: 'model_not_found' })
    expect(missing.message).toContain('ollama pull phi3:mini')
  })

  it('uses the saved base URL and stored key for an OpenAI-compatible server', async () => {
    openai = await startFakeOpenAI({ apiKey: FAKE_OPENAI_KEY, models: ['gpt-4o-mini', 'gpt-4.1'] })
    fx = createAppFixture()
    const noKey = await fx.invoke('providers.test', { provider: 'openai' })
    expect(noKey).toMatchObject({ ok: false, kind: 'auth' })
    await fx.invoke('settings.set', { baseUrls: { openai: openai.url }, openaiKey: FAKE_OPENAI_KEY })
    expect((await fx.invoke('settings.get', {})).baseUrls.openai).toBe(openai.url)
    expect(await fx.invoke('providers.models', { provider: 'openai' })).toEqual({ provider: 'openai', models: ['gpt-4.1', 'gpt-4o-mini'] })
    expect(await fx.invoke('providers.test', { provider: 'openai', model: 'gpt-4.1' })).toMatchObject({ ok: true, model: 'gpt-4.1' })
    expect(await fx.raw('settings.set', { baseUrls: { mlx: 'ftp://x' } })).toMatchObject({ ok: false, error: { kind: 'bad_input' } })
  })

  it('reports an unreachable server as data, and refuses auto', async () => {
    fx = createAppFixture({ env: { OLLAMA_HOST: 'http://127.0.0.1:9' } })
    const models = await fx.invoke('providers.models', { provider: 'ollama' })
    expect(models.models).toEqual([])
    expect(models.error).toMatch(/127\.0\.0\.1:9/)
    expect(await fx.invoke('providers.test', { provider: 'ollama' })).toMatchObject({ ok: false, kind: 'network' })
    expect(await fx.raw('providers.test', { provider: 'auto' })).toMatchObject({ ok: false, error: { kind: 'bad_input' } })
  })
})
