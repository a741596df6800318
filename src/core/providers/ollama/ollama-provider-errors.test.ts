import { afterEach, describe, expect, it } from 'vitest'
import { createOllamaProvider, type OllamaConfig } from './ollama-provider'
import { collectChunks, expectProviderError } from '../testing/collect-chunks'
import { startFakeOllama, type FakeReply, type FakeOllama } from './testing/fake-ollama-server'
import type { ChatRequest, ProviderChunk } from '../types'

const MODEL = 'qwen3.5'
let server: FakeOllama | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

const request = (model = MODEL): ChatRequest => ({ model, messages: [{ role: 'user', content: 'hi' }], tools: [], options: {} })

async function chatAgainst(reply: FakeReply, config: OllamaConfig = {}, model = MODEL) {
  server = await startFakeOllama(() => reply)
  const provider = createOllamaProvider({ host: server.url, ...config })
  return expectProviderError(provider.chat(request(model), { signal: new AbortController().signal }))
}

describe('ollama provider: HTTP errors', () => {
  it('maps a 404 for a model that is not pulled to model_not_found naming `ollama pull`', async () => {
    const err = await chatAgainst({ text: ['never'] }, {}, 'llama3.1:8b')
    expect(err).toMatchObject({ kind: 'model_not_found', retryable: false, status: 404 })
    expect(err.message).toContain('ollama pull llama3.1:8b')
  })

  it('maps a 500 to a retryable server error that keeps the status', async () => {
    const err = await chatAgainst({ status: 500, error: 'llama runner process has terminated' })
    expect(err).toMatchObject({ kind: 'server', retryable: true, status: 500 })
    expect(err.message).toContain('llama runner process has terminated')
  })

  it('maps a 429 to rate_limit with the retry-after delay', async () => {
    const err = await chatAgainst({ status: 429, error: 'busy', headers: { 'retry-after': '3' } })
    expect(err).toMatchObject({ kind: 'rate_limit', retryable: true, status: 429, retryAfterMs: 3000 })
  })

  it('maps 400 to bad_request and 401 to auth, neither retryable', async () => {
    expect(await chatAgainst({ status: 400, error: 'invalid options' })).toMatchObject({ kind: 'bad_request', retryable: false })
    await server?.close()
    expect(await chatAgainst({ status: 401, error: 'unauthorized' })).toMatchObject({ kind: 'auth', retryable: false })
  })

  it('maps connection refused to a retryable network error naming `ollama serve`', async () => {
    const gone = await startFakeOllama(() => ({}))
    await gone.close()
    const provider = createOllamaProvider({ host: gone.url })
    const err = await expectProviderError(provider.chat(request(), { signal: new AbortController().signal }))
    expect(err).toMatchObject({ kind: 'network', retryable: true })
    expect(err.message).toContain(`cannot reach Ollama at ${gone.url}`)
    expect(err.message).toContain('ollama serve')
  })
})

describe('ollama provider: broken streams', () => {
  it('fails with a retryable protocol error when the stream ends without done', async () => {
    const err = await chatAgainst({ text: ['partial'], ending: 'end' })
    expect(err).toMatchObject({ kind: 'protocol', retryable: true })
    expect(err.message).toBe('Ollama closed the stream before it finished (no done message)')
  })

  it('fails with a retryable protocol error when the connection drops mid-stream', async () => {
    expect(await chatAgainst({ text: ['partial'], ending: 'destroy' })).toMatchObject({ kind: 'protocol', retryable: true })
  })

  it('fails with a retryable server error on an {error} line mid-stream', async () => {
    const err = await chatAgainst({ text: ['partial'], ending: 'error_line', error: 'out of memory' })
    expect(err).toMatchObject({ kind: 'server', retryable: true })
    expect(err.message).toContain('out of memory')
  })

  it('hands out the text it received before the stream broke, but never a done chunk', async () => {
    server = await startFakeOllama(() => ({ text: ['a', 'b'], ending: 'end' }))
    const seen: ProviderChunk[] = []
    const stream = createOllamaProvider({ host: server.url }).chat(request(), { signal: new AbortController().signal })
    await expect(
      (async () => {
        for await (const chunk of stream) seen.push(chunk)
      })(),
    ).rejects.toMatchObject({ kind: 'protocol' })
    expect(seen.map((c) => c.type)).toEqual(['text', 'text'])
  })
})

describe('ollama provider: timeouts and cancellation', () => {
  it('fires the idle timeout when the server stalls between chunks, and drops the request', async () => {
    const err = await chatAgainst({ text: ['one'], ending: 'stall' }, { idleTimeoutMs: 60 })
    expect(err).toMatchObject({ kind: 'timeout', retryable: true })
    expect(err.message).toContain('idle timeout (60 ms)')
    await expect(server?.requests[0]?.closed).resolves.toEqual({ beforeReplyEnd: true })
  })

  it('fires the first-token timeout while the model loads (no headers yet)', async () => {
    const err = await chatAgainst({ text: ['late'], headerDelayMs: 2_000 }, { firstTokenTimeoutMs: 80 })
    expect(err).toMatchObject({ kind: 'timeout', retryable: true })
    expect(err.message).toContain('first token timeout (80 ms)')
  })

  it('does not count time the consumer spends on a chunk as idle time', async () => {
    server = await startFakeOllama(() => ({ text: ['a', 'b'] }))
    const provider = createOllamaProvider({ host: server.url, idleTimeoutMs: 50 })
    const chunks: ProviderChunk[] = []
    for await (const chunk of provider.chat(request(), { signal: new AbortController().signal })) {
      chunks.push(chunk)
      if (chunk.type === 'text') await new Promise((r) => setTimeout(r, 120))
    }
    expect(chunks.at(-1)?.type).toBe('done')
  })

  it('aborts the HTTP request when the caller aborts mid-stream', async () => {
    server = await startFakeOllama(() => ({ text: ['first'], ending: 'stall' }))
    const controller = new AbortController()
    const stream = createOllamaProvider({ host: server.url }).chat(request(), { signal: controller.signal })[Symbol.asyncIterator]()
    await expect(stream.next()).resolves.toMatchObject({ value: { type: 'text', text: 'first' } })
    const pending = stream.next()
    controller.abort()
    await expect(pending).rejects.toMatchObject({ kind: 'aborted', retryable: false })
    await expect(server.requests[0]?.closed).resolves.toEqual({ beforeReplyEnd: true })
  })

  it('throws aborted without calling the server when the signal is already aborted', async () => {
    server = await startFakeOllama(() => ({ text: ['x'] }))
    const controller = new AbortController()
    controller.abort()
    const err = await expectProviderError(createOllamaProvider({ host: server.url }).chat(request(), { signal: controller.signal }))
    expect(err.kind).toBe('aborted')
    expect(server.requests).toHaveLength(0)
  })

  it('closes the request when the consumer stops reading early', async () => {
    server = await startFakeOllama(() => ({ text: ['a'], ending: 'stall' }))
    for await (const chunk of createOllamaProvider({ host: server.url }).chat(request(), { signal: new AbortController().signal })) {
      expect(chunk.type).toBe('text')
      break
    }
    await expect(server.requests[0]?.closed).resolves.toEqual({ beforeReplyEnd: true })
  })

  it('still works through a custom fetch (the first-token timer then covers connecting)', async () => {
    server = await startFakeOllama(() => ({ text: ['via fetch'] }))
    const provider = createOllamaProvider({ host: server.url, fetch: (input, init) => fetch(input, init) })
    const chunks = await collectChunks(provider.chat(request(), { signal: new AbortController().signal }))
    expect(chunks[0]).toEqual({ type: 'text', text: 'via fetch' })
  })
})
