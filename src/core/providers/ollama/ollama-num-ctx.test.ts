/** Ollama's own num_ctx default depends on the server's memory (4k below 24 GiB), so every request names the tuned one. */
import { afterEach, describe, expect, it } from 'vitest'
import { profileFromEnv } from '../../machine/tuning-profile'
import { createProvider } from '../provider-registry'
import { collectChunks } from '../testing/collect-chunks'
import { startFakeOllama, type FakeOllama } from './testing/fake-ollama-server'

let server: FakeOllama | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const MODEL = 'gemma4:latest'
const ask = { model: MODEL, messages: [{ role: 'user' as const, content: 'hi' }], tools: [], options: {} }

describe('ollama requests carry num_ctx from the tuning profile', () => {
  it('sends the machine profile’s num_ctx on every chat, and OLLAMA_NUM_CTX when set', async () => {
    server = await startFakeOllama(() => ({ text: ['ok'] }), { models: [MODEL] })
    const tuned = createProvider('ollama', { env: { OLLAMA_HOST: server.url } })
    await collectChunks(tuned.chat(ask, { signal: new AbortController().signal }))
    const profileCtx = profileFromEnv({}).options.num_ctx
    expect(profileCtx).toBeGreaterThanOrEqual(4096)
    expect(server.requests[0]?.options.num_ctx).toBe(profileCtx)

    const overridden = createProvider('ollama', { env: { OLLAMA_HOST: server.url, OLLAMA_NUM_CTX: '16384' } })
    await collectChunks(overridden.chat({ ...ask, options: {} }, { signal: new AbortController().signal }))
    expect(server.requests[1]?.options.num_ctx).toBe(16384)
  })

  it('gives the num_ctx sent as the context window, capped at the context_length the preflight read from /api/show', async () => {
    server = await startFakeOllama(() => ({ text: ['ok'] }), { models: [MODEL], contextLengths: { [MODEL]: 6000 } })
    const provider = createProvider('ollama', { env: { OLLAMA_HOST: server.url, OLLAMA_NUM_CTX: '16384' } })
    expect(provider.contextLimit?.(ask)?.tokens).toBe(16384)
    expect(provider.contextLimit?.({ ...ask, options: { num_ctx: 2048 } })?.tokens).toBe(2048)
    await provider.preflight(MODEL, { signal: new AbortController().signal })
    expect(provider.contextLimit?.(ask)?.tokens).toBe(6000)
    expect(provider.contextLimit?.({ ...ask, options: { num_ctx: 2048 } })?.tokens).toBe(2048)
  })
})
