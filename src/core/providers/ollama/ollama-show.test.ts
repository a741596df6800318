import { afterEach, describe, expect, it } from 'vitest'
import { createOllamaProvider } from './ollama-provider'
import { showOllamaModel } from './ollama-show'
import { startFakeOllama, type FakeOllama } from './testing/fake-ollama-server'

let server: FakeOllama | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

const signal = (): AbortSignal => new AbortController().signal

describe('ollama preflight: /api/show capabilities', () => {
  it('passes quietly when the model lists "tools"', async () => {
    server = await startFakeOllama(() => ({}), {
      models: ['qwen3.5:latest'],
      capabilities: { 'qwen3.5': ['completion', 'tools', 'thinking'] },
    })
    const report = await createOllamaProvider({ host: server.url }).preflight('qwen3.5', { signal: signal() })
    expect(report).toBeUndefined()
  })

  it('warns, naming better models, when the model lacks "tools"', async () => {
    server = await startFakeOllama(() => ({}), { models: ['gemma:2b'], capabilities: { 'gemma:2b': ['completion'] } })
    const report = await createOllamaProvider({ host: server.url }).preflight('gemma:2b', { signal: signal() })
    expect(report?.notices).toHaveLength(1)
    const notice = report?.notices[0] ?? ''
    expect(notice).toContain('gemma:2b cannot call tools')
    expect(notice).toContain('capabilities: completion')
    expect(notice).toContain('qwen3.5 or gemma4')
    expect(notice).toContain('OLLAMA_MODEL=qwen3.5')
    expect(notice).toContain(server.url)
  })

  it('gives no warning when an older Ollama reports no capabilities at all', async () => {
    server = await startFakeOllama(() => ({}), { models: ['gemma:2b'], capabilities: { 'gemma:2b': null } })
    const report = await createOllamaProvider({ host: server.url }).preflight('gemma:2b', { signal: signal() })
    expect(report).toBeUndefined()
  })

  it('still fails with model_not_found before asking /api/show about a missing model', async () => {
    server = await startFakeOllama(() => ({}), { models: ['qwen3.5:latest'] })
    await expect(createOllamaProvider({ host: server.url }).preflight('gemma:2b', { signal: signal() })).rejects.toMatchObject({
      kind: 'model_not_found',
    })
  })

  it('reads the architecture and context length from model_info and the capabilities through the real client', async () => {
    server = await startFakeOllama(() => ({}), {
      models: ['qwen3.5:latest'],
      contextLengths: { 'qwen3.5': 262_144 },
      architectures: { 'qwen3.5': 'qwen35' },
    })
    const facts = await showOllamaModel(server.url, 'qwen3.5', { signal: signal(), timeoutMs: 5000 })
    expect(facts).toEqual({ architecture: 'qwen35', capabilities: ['completion', 'tools'], contextLength: 262_144 })
  })

  it('knows nothing, without failing, about a model the server does not have', async () => {
    server = await startFakeOllama(() => ({}), { models: ['qwen3.5:latest'] })
    expect(await showOllamaModel(server.url, 'nope:1b', { signal: signal(), timeoutMs: 5000 })).toEqual({})
  })
})
