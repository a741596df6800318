import { afterEach, describe, expect, it } from 'vitest'
import { chooseAutoProvider } from './auto-provider'
import { startFakeOllama, type FakeOllama } from './ollama/testing/fake-ollama-server'

let server: FakeOllama | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const signal = (): AbortSignal => new AbortController().signal

describe('chooseAutoProvider', () => {
  it('picks Ollama when it answers and has the default model', async () => {
    server = await startFakeOllama(() => ({ text: ['hi'] }), { models: ['qwen3.5'] })
    const choice = await chooseAutoProvider(undefined, { env: { OLLAMA_HOST: server.url } }, signal())
    expect(choice.provider.name).toBe('ollama')
    expect(choice.model).toBe('qwen3.5')
    expect(choice.notice).toBeUndefined()
    expect(server.tagsRequests).toBe(1)
  })

  it('honours OLLAMA_MODEL and an explicit model', async () => {
    server = await startFakeOllama(() => ({}), { models: ['llama3:latest', 'mistral:7b'] })
    const env = { OLLAMA_HOST: server.url, OLLAMA_MODEL: 'llama3' }
    expect((await chooseAutoProvider(undefined, { env }, signal())).model).toBe('llama3')
    const explicit = await chooseAutoProvider('mistral:7b', { env }, signal())
    expect([explicit.provider.name, explicit.model, explicit.notice]).toEqual(['ollama', 'mistral:7b', undefined])
  })

  it('falls back to the demo with a notice naming `ollama pull` when the model is missing', async () => {
    server = await startFakeOllama(() => ({}), { models: ['llama3:latest'] })
    const choice = await chooseAutoProvider('qwen2.5-coder:14b', { env: { OLLAMA_HOST: server.url } }, signal())
    expect(choice.provider).toMatchObject({ name: 'demo', offline: true })
    expect(choice.model).toBe('demo')
    expect(choice.notice).toBe(
      `Ollama at ${server.url} has no model qwen2.5-coder:14b — using the offline demo provider (canned output). For real generation: \`ollama pull qwen2.5-coder:14b\`.`,
    )
  })

  it('falls back to the demo with a notice naming `ollama serve` when nothing listens', async () => {
    const gone = await startFakeOllama(() => ({}))
    await gone.close()
    const choice = await chooseAutoProvider(undefined, { env: { OLLAMA_HOST: gone.url } }, signal())
    expect(choice.provider.name).toBe('demo')
    expect(choice.notice).toBe(
      `Ollama is not running at ${gone.url} — using the offline demo provider (canned output). For real generation: \`ollama serve\` and \`ollama pull qwen3.5\`.`,
    )
  })

  it('throws aborted instead of falling back when the caller cancels', async () => {
    server = await startFakeOllama(() => ({}))
    const controller = new AbortController()
    controller.abort()
    await expect(chooseAutoProvider(undefined, { env: { OLLAMA_HOST: server.url } }, controller.signal)).rejects.toMatchObject({
      kind: 'aborted',
    })
  })
})
