import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createOpenAIProvider } from './openai-provider'
import { createProvider, defaultModelFor } from '../provider-registry'
import { collectChunks, expectProviderError } from '../testing/collect-chunks'
import type { FakeProviderServer } from '../testing/contract-types'
import { FAKE_OPENAI_KEY, startFakeOpenAI } from './testing/fake-openai-server'
import type { ChatRequest } from '../types'

const MODEL = 'gpt-4o-mini'
const signal = (): AbortSignal => new AbortController().signal
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

async function fake(): Promise<FakeProviderServer> {
  const server = await startFakeOpenAI({ apiKey: FAKE_OPENAI_KEY, models: [MODEL] })
  closers.push(() => server.close())
  return server
}

/** A server that answers every chat request with exactly `sse` (for shapes the fake does not script). */
async function rawSse(sse: string): Promise<string> {
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.end(sse)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(() => new Promise((resolve) => server.close(() => resolve())))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
}

const chunk = (delta: object, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 0, model: MODEL, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`

const request: ChatRequest = {
  model: MODEL,
  messages: [
    { role: 'system', content: 'sys' },
    { role: 'user', content: 'write it' },
    { role: 'assistant', content: '', tool_calls: [{ id: 'call_a', name: 'write_file', arguments: { path: 'a.py' } }] },
    { role: 'tool', content: 'ok', tool_call_id: 'call_a', tool_name: 'write_file' },
  ],
  tools: [
    {
      name: 'write_file',
      description: 'write',
      parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
    },
  ],
  options: { temperature: 0.1, top_p: 0.9, seed: 7, max_tokens: 256, num_ctx: 4096 },
}

describe('openai provider: what goes on the wire', () => {
  it('sends our messages, tools and options in the Chat Completions shape, with the key as Bearer', async () => {
    const server = await fake()
    await collectChunks(createOpenAIProvider({ baseURL: server.url, apiKey: FAKE_OPENAI_KEY }).chat(request, { signal: signal() }))
    const sent = server.requests[0]
    expect(sent?.headers.authorization).toBe(`Bearer ${FAKE_OPENAI_KEY}`)
    expect(sent?.body).toMatchObject({
      model: MODEL,
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.1,
      top_p: 0.9,
      seed: 7,
      max_completion_tokens: 256,
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'write it' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'write_file', arguments: '{"path":"a.py"}' } }],
        },
        { role: 'tool', content: 'ok', tool_call_id: 'call_a' },
      ],
      tools: [{ type: 'function', function: { name: 'write_file', description: 'write' } }],
    })
    expect(sent?.body).not.toHaveProperty('num_ctx')
  })

  it('never retries on its own: one 503 is one request', async () => {
    const server = await fake()
    server.play({ kind: 'http_error', status: 503, message: 'overloaded' })
    const err = await expectProviderError(
      createOpenAIProvider({ baseURL: server.url, apiKey: FAKE_OPENAI_KEY }).chat(request, { signal: signal() }),
    )
    expect(err.kind).toBe('server')
    expect(server.requests).toHaveLength(1)
  })
})

describe('openai provider: streams', () => {
  it('reassembles parallel tool calls by index, keeps non-JSON arguments raw, and reports length', async () => {
    const url = await rawSse(
      chunk({ role: 'assistant', content: null }) +
        chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"pa' } }] }) +
        chunk({ tool_calls: [{ index: 1, id: 'call_2', type: 'function', function: { name: 'write_file', arguments: 'not ' } }] }) +
        chunk({ tool_calls: [{ index: 0, function: { arguments: 'th":"x"}' } }] }) +
        chunk({ tool_calls: [{ index: 1, function: { arguments: 'json' } }] }) +
        chunk({}, 'tool_calls') +
        'data: [DONE]\n\n',
    )
    const chunks = await collectChunks(createOpenAIProvider({ baseURL: url, apiKey: 'k' }).chat(request, { signal: signal() }))
    expect(chunks.filter((c) => c.type === 'tool_call')).toEqual([
      { type: 'tool_call', call: { id: 'call_1', name: 'read_file', arguments: { path: 'x' } } },
      { type: 'tool_call', call: { id: 'call_2', name: 'write_file', arguments: 'not json' } },
    ])
    expect(chunks.at(-1)).toMatchObject({ type: 'done', stopReason: 'tool_calls', usage: { promptTokens: 0, completionTokens: 0 } })

    const cut = await rawSse(chunk({ content: 'trunc' }) + chunk({}, 'length') + 'data: [DONE]\n\n')
    const cutChunks = await collectChunks(createOpenAIProvider({ baseURL: cut, apiKey: 'k' }).chat(request, { signal: signal() }))
    expect(cutChunks.at(-1)).toMatchObject({ type: 'done', stopReason: 'length' })
  })

  it('cancels the HTTP request when the consumer stops reading early', async () => {
    const server = await fake()
    server.play({ kind: 'slow', deltas: Array.from({ length: 30 }, (_, i) => `${i} `), delayMs: 30 })
    for await (const c of createOpenAIProvider({ baseURL: server.url, apiKey: FAKE_OPENAI_KEY }).chat(request, { signal: signal() })) {
      if (c.type === 'text') break
    }
    await expect(server.requests[0]?.closedEarly).resolves.toBe(true)
  })
})

describe('openai provider: keys and errors', () => {
  it('without a key, preflight and chat fail with auth naming OPENAI_API_KEY before any request', async () => {
    const server = await fake()
    const provider = createOpenAIProvider({ baseURL: server.url })
    const pre = await expectProviderError(provider.preflight(MODEL, { signal: signal() }))
    expect(pre).toMatchObject({ kind: 'auth', retryable: false })
    expect(pre.message).toContain('OPENAI_API_KEY')
    expect((await expectProviderError(provider.chat(request, { signal: signal() }))).kind).toBe('auth')
    expect(server.requests).toHaveLength(0)
  })

  it('redacts the key when a server echoes it in an error it shows', async () => {
    const key = 'sk-live-SECRET-abcdef123456'
    const server = await startFakeOpenAI({ models: [MODEL] })
    closers.push(() => server.close())
    server.play({ kind: 'http_error', status: 500, message: `upstream rejected ${key}` })
    const err = await expectProviderError(createOpenAIProvider({ baseURL: server.url, apiKey: key }).chat(request, { signal: signal() }))
    expect(err.kind).toBe('server')
    expect(err.message).toContain('upstream rejected [REDACTED]')
    expect(err.message).not.toContain(key)
    expect(String(err.cause ?? '')).not.toContain(key)
  })

  it('treats an exhausted quota (429 insufficient_quota) as not worth retrying', async () => {
    const url = await (async () => {
      const server = http.createServer((req, res) => {
        req.resume()
        res.writeHead(429, { 'content-type': 'application/json' })
        res.end(
          JSON.stringify({ error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } }),
        )
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      closers.push(() => new Promise((resolve) => server.close(() => resolve())))
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
    })()
    const err = await expectProviderError(createOpenAIProvider({ baseURL: url, apiKey: 'k' }).chat(request, { signal: signal() }))
    expect(err).toMatchObject({ kind: 'rate_limit', retryable: false, status: 429 })
    expect(err.message).toMatch(/billing/)
  })
})

describe('openai in the provider registry', () => {
  it('takes key and base URL from OPENAI_API_KEY / OPENAI_BASE_URL and the model from OPENAI_MODEL', async () => {
    const server = await fake()
    const provider = createProvider('openai', { env: { OPENAI_API_KEY: FAKE_OPENAI_KEY, OPENAI_BASE_URL: server.url } })
    expect(provider).toMatchObject({ name: 'openai', offline: false })
    await expect(provider.preflight(MODEL, { signal: signal() })).resolves.toBeUndefined()
    expect(defaultModelFor('openai', {})).toBe('gpt-5.6-terra')
    expect(defaultModelFor('openai', { OPENAI_MODEL: 'gpt-4o' })).toBe('gpt-4o')
  })
})
