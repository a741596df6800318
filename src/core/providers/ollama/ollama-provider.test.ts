import { afterEach, describe, expect, it } from 'vitest'
import { createOllamaProvider } from './ollama-provider'
import { collectChunks, expectProviderError } from '../testing/collect-chunks'
import { startFakeOllama, type FakeOllama } from './testing/fake-ollama-server'
import type { ChatRequest } from '../types'

const MODEL = 'qwen3.5'
let server: FakeOllama | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

const request = (over: Partial<ChatRequest> = {}): ChatRequest => ({
  model: MODEL,
  messages: [{ role: 'user', content: 'hello' }],
  tools: [],
  options: {},
  ...over,
})
const signal = (): AbortSignal => new AbortController().signal

describe('ollama provider: streaming', () => {
  it('streams text deltas and ends with one done chunk carrying usage', async () => {
    server = await startFakeOllama(() => ({ text: ['Hel', 'lo ', 'world'], usage: { promptTokens: 12, completionTokens: 3 } }))
    const provider = createOllamaProvider({ host: server.url })
    const chunks = await collectChunks(provider.chat(request(), { signal: signal() }))
    expect(chunks).toEqual([
      { type: 'text', text: 'Hel' },
      { type: 'text', text: 'lo ' },
      { type: 'text', text: 'world' },
      { type: 'done', stopReason: 'stop', usage: { promptTokens: 12, completionTokens: 3 } },
    ])
  })

  it('streams a thinking model’s message.thinking as thinking chunks, apart from the text', async () => {
    server = await startFakeOllama(() => ({ thinking: ['Plan: ', 'say hi.'], text: ['Hi'] }))
    const chunks = await collectChunks(createOllamaProvider({ host: server.url }).chat(request(), { signal: signal() }))
    expect(chunks.slice(0, 3)).toEqual([
      { type: 'thinking', text: 'Plan: ' },
      { type: 'thinking', text: 'say hi.' },
      { type: 'text', text: 'Hi' },
    ])
  })

  it('turns tool calls into tool_call chunks with generated ids and stopReason tool_calls', async () => {
    server = await startFakeOllama(() => ({
      text: ['Writing.'],
      toolCalls: [
        { name: 'write_file', arguments: { path: 'a.txt', content: 'A' } },
        { name: 'write_file', arguments: { path: 'b.txt', content: 'B' }, id: 'srv_7' },
      ],
    }))
    const chunks = await collectChunks(createOllamaProvider({ host: server.url }).chat(request(), { signal: signal() }))
    expect(chunks.filter((c) => c.type === 'tool_call')).toEqual([
      { type: 'tool_call', call: { id: 'call_1', name: 'write_file', arguments: { path: 'a.txt', content: 'A' } } },
      { type: 'tool_call', call: { id: 'srv_7', name: 'write_file', arguments: { path: 'b.txt', content: 'B' } } },
    ])
    expect(chunks.at(-1)).toMatchObject({ type: 'done', stopReason: 'tool_calls' })
  })

  it("reports stopReason 'length' when Ollama stops at the token limit", async () => {
    server = await startFakeOllama(() => ({ text: ['cut'], doneReason: 'length' }))
    const chunks = await collectChunks(createOllamaProvider({ host: server.url }).chat(request(), { signal: signal() }))
    expect(chunks.at(-1)).toMatchObject({ type: 'done', stopReason: 'length' })
  })

  it('sends messages, tools and only the options that are set, in Ollama shape', async () => {
    server = await startFakeOllama(() => ({ text: ['ok'] }))
    const provider = createOllamaProvider({ host: server.url })
    await collectChunks(
      provider.chat(
        request({
          messages: [
            { role: 'system', content: 'sys' },
            { role: 'user', content: 'go' },
            { role: 'assistant', content: '', tool_calls: [{ id: 'call_1', name: 'write_file', arguments: { path: 'x', content: 'y' } }] },
            { role: 'tool', content: 'wrote x', tool_call_id: 'call_1', tool_name: 'write_file' },
          ],
          tools: [
            {
              name: 'write_file',
              description: 'write',
              parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
            },
          ],
          options: { temperature: 0.1, max_tokens: 512, num_gpu: 1, num_ctx: 8192 },
        }),
        { signal: signal() },
      ),
    )
    const seen = server.requests[0]
    expect(seen?.messages).toEqual([
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'go' },
      { role: 'assistant', content: '', tool_calls: [{ function: { name: 'write_file', arguments: { path: 'x', content: 'y' } } }] },
      { role: 'tool', content: 'wrote x', tool_name: 'write_file' },
    ])
    expect(seen?.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'write_file',
          description: 'write',
          parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
        },
      },
    ])
    expect(seen?.options).toEqual({ temperature: 0.1, num_predict: 512, num_gpu: 1, num_ctx: 8192 })
    expect(seen?.stream).toBe(true)
  })

  it('prefers num_predict over max_tokens and sends no tools key when none are offered', async () => {
    server = await startFakeOllama(() => ({ text: ['ok'] }))
    await collectChunks(
      createOllamaProvider({ host: server.url }).chat(request({ options: { max_tokens: 10, num_predict: 20 } }), { signal: signal() }),
    )
    expect(server.requests[0]?.options).toEqual({ num_predict: 20 })
    expect(server.requests[0]?.tools).toEqual([])
  })
})

describe('ollama provider: preflight and settings', () => {
  it('passes when the model is pulled, treating name and name:latest as the same', async () => {
    server = await startFakeOllama(() => ({}), { models: ['llama3:latest', MODEL] })
    const provider = createOllamaProvider({ host: server.url })
    await provider.preflight('llama3', { signal: signal() })
    await provider.preflight(MODEL, { signal: signal() })
    expect(server.tagsRequests).toBe(2)
  })

  it('fails with model_not_found naming `ollama pull` when the model is missing', async () => {
    server = await startFakeOllama(() => ({}), { models: ['llama3:latest'] })
    const err = await expectProviderError(createOllamaProvider({ host: server.url }).preflight('mistral:7b', { signal: signal() }))
    expect(err.kind).toBe('model_not_found')
    expect(err.retryable).toBe(false)
    expect(err.message).toContain('ollama pull mistral:7b')
  })

  it('fails with a network error naming `ollama serve` when nothing listens', async () => {
    const closed = await startFakeOllama(() => ({}))
    const url = closed.url
    await closed.close()
    const err = await expectProviderError(createOllamaProvider({ host: url }).preflight(MODEL, { signal: signal() }))
    expect(err.kind).toBe('network')
    expect(err.message).toContain('ollama serve')
    expect(err.message).toContain(url)
  })

  it('uses the configured concurrency and says which host it talks to', () => {
    expect(createOllamaProvider({ host: 'localhost:9999', maxConcurrency: 4 })).toMatchObject({
      name: 'ollama',
      offline: false,
      maxConcurrency: 4,
      label: expect.stringContaining('http://localhost:9999') as unknown,
    })
    expect(createOllamaProvider().maxConcurrency).toBe(2)
  })
})
