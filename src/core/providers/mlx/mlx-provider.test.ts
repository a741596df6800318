import { afterEach, describe, expect, it } from 'vitest'
import { createMlxProvider, MLX_DEFAULT_BASE_URL } from './mlx-provider'
import { createProvider, defaultModelFor } from '../provider-registry'
import { collectChunks, expectProviderError } from '../testing/collect-chunks'
import type { FakeProviderServer } from '../testing/contract-types'
import { startFakeOpenAI } from '../openai/testing/fake-openai-server'

const MODEL = 'mlx-community/Qwen2.5-Coder-7B-Instruct-4bit'
const signal = (): AbortSignal => new AbortController().signal
let server: FakeProviderServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

describe('mlx provider', () => {
  it('serves one request at a time, needs no key and sends max_tokens', async () => {
    server = await startFakeOpenAI({ models: [MODEL] })
    const provider = createMlxProvider({ baseURL: server.url })
    expect(provider).toMatchObject({ name: 'mlx', maxConcurrency: 1, offline: false })
    expect(provider.label).toContain(server.url)
    await provider.preflight(MODEL, { signal: signal() })
    const chunks = await collectChunks(
      provider.chat(
        { model: MODEL, messages: [{ role: 'user', content: 'hi' }], tools: [], options: { max_tokens: 64 } },
        { signal: signal() },
      ),
    )
    expect(chunks.at(-1)).toMatchObject({ type: 'done', stopReason: 'stop' })
    expect(server.requests[0]?.body).toMatchObject({ model: MODEL, max_tokens: 64 })
    expect(server.requests[0]?.body).not.toHaveProperty('max_completion_tokens')
  })

  it('names mlx_lm.server and pip install mlx-lm when nothing answers, and the --model fix for a missing model', async () => {
    server = await startFakeOpenAI({ models: [MODEL] })
    const missing = await expectProviderError(
      createMlxProvider({ baseURL: server.url }).preflight('mlx-community/other-4bit', { signal: signal() }),
    )
    expect(missing.kind).toBe('model_not_found')
    expect(missing.message).toContain('mlx_lm.server --model mlx-community/other-4bit')
    const url = server.url
    await server.close()
    server = undefined
    const down = await expectProviderError(createMlxProvider({ baseURL: url }).preflight(MODEL, { signal: signal() }))
    expect(down.kind).toBe('network')
    expect(down.message).toContain('mlx_lm.server --model')
    expect(down.message).toContain('pip install mlx-lm')
    expect(down.message).toContain('MLX_BASE_URL')
  })

  it('is registered with MLX_BASE_URL (default port 8080) and MLX_MODEL', async () => {
    server = await startFakeOpenAI({ models: [MODEL] })
    expect(createProvider('mlx', { env: {} }).label).toContain(MLX_DEFAULT_BASE_URL)
    const provider = createProvider('mlx', { env: { MLX_BASE_URL: `${server.url}/` } })
    await expect(provider.preflight(MODEL, { signal: signal() })).resolves.toBeUndefined()
    expect(defaultModelFor('mlx', {})).toBe(MODEL)
    expect(defaultModelFor('mlx', { MLX_MODEL: 'mlx-community/x' })).toBe('mlx-community/x')
  })
})
