import { afterEach, describe, expect, it } from 'vitest'
import { createAnthropicProvider, type AnthropicConfig } from './anthropic-provider'
import { createProvider, defaultModelFor, KNOWN_PROVIDERS } from '../provider-registry'
import { collectChunks, expectProviderError } from '../testing/collect-chunks'
import type { FakeProviderServer, FakeScenario } from '../testing/contract-types'
import { startFakeAnthropic } from './testing/fake-anthropic-server'
import type { ChatRequest, ProviderChunk } from '../types'

const MODEL = 'claude-sonnet-4-6'
const KEY = 'sk-ant-canary-0123456789abcdef'
let server: FakeProviderServer | undefined

afterEach(async () => {
  await server?.close()
  server = undefined
})

const request = (model = MODEL): ChatRequest => ({
  model,
  messages: [
    { role: 'system', content: 'be brief' },
    { role: 'user', content: 'hi' },
  ],
  tools: [
    {
      name: 'write_file',
      description: 'write a file',
      parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
    },
  ],
  options: { max_tokens: 256 },
})

const live = (): AbortSignal => new AbortController().signal

async function serve(...scenarios: FakeScenario[]): Promise<FakeProviderServer> {
  server = await startFakeAnthropic()
  server.play(...scenarios)
  return server
}

function provider(config: AnthropicConfig = {}) {
  if (!server) throw new Error('start the fake server first')
  return createAnthropicProvider({ baseURL: server.url, apiKey: KEY, env: {}, ...config })
}

describe('anthropic provider: streaming', () => {
  it('streams text deltas and ends with usage and a stop reason', async () => {
    await serve({ kind: 'text', deltas: ['Hel', 'lo'], usage: { input: 12, output: 3 } })
    const chunks = await collectChunks(provider().chat(request(), { signal: live() }))
    expect(chunks).toEqual([
      { type: 'text', text: 'Hel' },
      { type: 'text', text: 'lo' },
      { type: 'done', stopReason: 'stop', usage: { promptTokens: 12, completionTokens: 3 } },
    ])
  })

  it('joins tool-call JSON split across many input_json_delta events', async () => {
    const args = { path: 'src/app.ts', content: 'export const x = 1\n' }
    await serve({
      kind: 'tool_call',
      text: 'writing',
      name: 'write_file',
      argumentsJson: JSON.stringify(args),
      chunks: 9,
      usage: { input: 5, output: 7 },
    })
    const chunks = await collectChunks(provider().chat(request(), { signal: live() }))
    expect(chunks[0]).toEqual({ type: 'text', text: 'writing' })
    expect(chunks[1]).toMatchObject({ type: 'tool_call', call: { name: 'write_file', arguments: args } })
    expect(chunks[2]).toEqual({ type: 'done', stopReason: 'tool_calls', usage: { promptTokens: 5, completionTokens: 7 } })
  })

  it('keeps arguments that are not valid JSON as the raw string', async () => {
    await serve({ kind: 'tool_call', name: 'write_file', argumentsJson: '{"path": "a', chunks: 3 })
    const chunks = await collectChunks(provider().chat(request(), { signal: live() }))
    expect(chunks.find((c) => c.type === 'tool_call')).toMatchObject({ call: { arguments: '{"path": "a' } })
  })

  it('sends the mapped request with the key in a header and no retries', async () => {
    await serve({ kind: 'text', deltas: ['ok'] })
    await collectChunks(provider().chat(request(), { signal: live() }))
    expect(server?.requests).toHaveLength(1)
    const sent = server?.requests[0]
    expect(sent?.path).toBe('/v1/messages')
    expect(sent?.body).toMatchObject({
      model: MODEL,
      system: [{ type: 'text', text: 'be brief', cache_control: { type: 'ephemeral' } }],
      max_tokens: 256,
      stream: true,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral' } }] }],
    })
    expect(sent?.body).toMatchObject({ tools: [{ name: 'write_file', input_schema: { type: 'object', required: ['path'] } }] })
    const auth = `${String(sent?.headers['x-api-key'] ?? '')} ${String(sent?.headers.authorization ?? '')}`
    expect(auth).toContain(KEY)
  })
})

describe('anthropic provider: errors', () => {
  it('401 is auth, not retried, names ANTHROPIC_API_KEY and never echoes the key', async () => {
    await serve({ kind: 'http_error', status: 401, message: `invalid x-api-key ${KEY}` })
    const err = await expectProviderError(provider().chat(request(), { signal: live() }))
    expect(err).toMatchObject({ kind: 'auth', retryable: false, status: 401 })
    expect(err.message).toContain('ANTHROPIC_API_KEY')
    expect(JSON.stringify({ message: err.message, cause: String(err.cause) })).not.toContain(KEY)
    expect(server?.requests).toHaveLength(1)
  })

  it('400 prompt too long is context_length stating the limit', async () => {
    await serve({ kind: 'context_too_long', limit: 200000, requested: 210345 })
    const err = await expectProviderError(provider().chat(request(), { signal: live() }))
    expect(err).toMatchObject({ kind: 'context_length', retryable: false, status: 400 })
    expect(err.message).toContain('200000')
    expect(err.message).toContain('210345')
  })

  it('429 is rate_limit with the retry-after delay', async () => {
    await serve({ kind: 'http_error', status: 429, headers: { 'retry-after': '3' } })
    const err = await expectProviderError(provider().chat(request(), { signal: live() }))
    expect(err).toMatchObject({ kind: 'rate_limit', retryable: true, status: 429, retryAfterMs: 3000 })
  })

  it.each([500, 503, 529])('%i is a retryable server error carrying the request id, sent once', async (status) => {
    await serve({ kind: 'http_error', status, headers: { 'request-id': `req_${status}_abc` } })
    const err = await expectProviderError(provider().chat(request(), { signal: live() }))
    expect(err).toMatchObject({ kind: 'server', retryable: true, status, requestId: `req_${status}_abc` })
    expect(err.message).toContain(`req_${status}_abc`)
    expect(server?.requests).toHaveLength(1)
  })

  it('an in-stream overloaded_error is a retryable failure after the partial text', async () => {
    await serve({ kind: 'mid_stream_error', deltas: ['part'] })
    const seen: ProviderChunk[] = []
    const err = await expectProviderError(
      (async function* () {
        for await (const chunk of provider().chat(request(), { signal: live() })) {
          seen.push(chunk)
          yield chunk
        }
      })(),
    )
    expect(err).toMatchObject({ kind: 'server', retryable: true })
    expect(err.message).toContain('overloaded_error')
    expect(seen.some((c) => c.type === 'done')).toBe(false)
  })

  it('a stream that ends without message_stop is a protocol failure, not success', async () => {
    await serve({ kind: 'no_end_marker', deltas: ['a', 'b'] })
    const err = await expectProviderError(provider().chat(request(), { signal: live() }))
    expect(err).toMatchObject({ kind: 'protocol', retryable: true })
  })

  it('an unknown model is model_not_found naming the fix, in chat and in preflight', async () => {
    await serve({ kind: 'text', deltas: ['never'] })
    const chatErr = await expectProviderError(provider().chat(request('claude-nope-9'), { signal: live() }))
    expect(chatErr).toMatchObject({ kind: 'model_not_found', retryable: false })
    expect(chatErr.message).toContain("'claude-nope-9'")
    const preErr = await expectProviderError(provider().preflight('claude-nope-9', { signal: live() }))
    expect(preErr).toMatchObject({ kind: 'model_not_found' })
    await expect(provider().preflight(MODEL, { signal: live() })).resolves.toBeUndefined()
  })

  it('connection refused is a network error naming ANTHROPIC_BASE_URL, in chat and in preflight', async () => {
    const gone = await startFakeAnthropic()
    await gone.close()
    const p = createAnthropicProvider({ baseURL: gone.url, apiKey: KEY, env: {} })
    const err = await expectProviderError(p.chat(request(), { signal: live() }))
    expect(err).toMatchObject({ kind: 'network', retryable: true })
    expect(err.message).toContain('ANTHROPIC_BASE_URL')
    expect(err.message).toContain('ECONNREFUSED')
    expect(await expectProviderError(p.preflight(MODEL, { signal: live() }))).toMatchObject({ kind: 'network' })
  })

  it('a missing key fails preflight and chat with auth naming ANTHROPIC_API_KEY, without a request', async () => {
    await serve({ kind: 'text', deltas: ['never'] })
    const p = createAnthropicProvider({ baseURL: server?.url, env: {} })
    const err = await expectProviderError(p.preflight(MODEL, { signal: live() }))
    expect(err).toMatchObject({ kind: 'auth', retryable: false })
    expect(err.message).toContain('ANTHROPIC_API_KEY')
    expect(await expectProviderError(p.chat(request(), { signal: live() }))).toMatchObject({ kind: 'auth' })
    expect(server?.requests).toHaveLength(0)
  })

  it('reads the key and base URL from the environment it is given', async () => {
    await serve({ kind: 'text', deltas: ['env'] })
    const p = createAnthropicProvider({ env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: server?.url } })
    expect(p.label).toContain(server?.url ?? 'missing')
    const chunks = await collectChunks(p.chat(request(), { signal: live() }))
    expect(chunks[0]).toEqual({ type: 'text', text: 'env' })
  })
})

describe('anthropic provider: timeouts and abort', () => {
  it('fires our first-token timeout when no headers arrive', async () => {
    await serve({ kind: 'stall_headers', ms: 2000 })
    const err = await expectProviderError(provider({ timeouts: { firstTokenTimeoutMs: 150 } }).chat(request(), { signal: live() }))
    expect(err).toMatchObject({ kind: 'timeout', retryable: true })
    expect(err.message).toContain('first token timeout (150 ms)')
    expect(await server?.requests[0]?.closedEarly).toBe(true)
  })

  it('fires our idle timeout when the stream goes quiet', async () => {
    await serve({ kind: 'stall_after', deltas: ['a'], ms: 2000 })
    const err = await expectProviderError(provider({ timeouts: { idleTimeoutMs: 150 } }).chat(request(), { signal: live() }))
    expect(err).toMatchObject({ kind: 'timeout', retryable: true })
    expect(err.message).toContain('idle timeout (150 ms)')
  })

  it('a slow stream under the idle limit completes', async () => {
    await serve({ kind: 'slow', deltas: ['a', 'b', 'c'], delayMs: 40 })
    const chunks = await collectChunks(provider({ timeouts: { idleTimeoutMs: 500 } }).chat(request(), { signal: live() }))
    expect(chunks.filter((c) => c.type === 'text').map((c) => (c.type === 'text' ? c.text : ''))).toEqual(['a', 'b', 'c'])
  })

  it('abort mid-stream throws aborted and the server sees the connection close', async () => {
    await serve({ kind: 'slow', deltas: ['a', 'b', 'c', 'd', 'e', 'f'], delayMs: 100 })
    const controller = new AbortController()
    const err = await expectProviderError(
      (async function* () {
        for await (const chunk of provider().chat(request(), { signal: controller.signal })) {
          if (chunk.type === 'text') controller.abort()
          yield chunk
        }
      })(),
    )
    expect(err).toMatchObject({ kind: 'aborted', retryable: false })
    expect(await server?.requests[0]?.closedEarly).toBe(true)
  })

  it('a consumer that stops early cancels the HTTP request', async () => {
    await serve({ kind: 'slow', deltas: ['a', 'b', 'c', 'd', 'e', 'f'], delayMs: 100 })
    for await (const chunk of provider().chat(request(), { signal: live() })) {
      if (chunk.type === 'text') break
    }
    expect(await server?.requests[0]?.closedEarly).toBe(true)
  })

  it('abort while waiting for headers cancels the request', async () => {
    await serve({ kind: 'stall_headers', ms: 2000 })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    const err = await expectProviderError(provider().chat(request(), { signal: controller.signal }))
    expect(err).toMatchObject({ kind: 'aborted' })
    expect(await server?.requests[0]?.closedEarly).toBe(true)
  })
})

describe('anthropic in the provider registry', () => {
  it('is a known provider built from the given environment, with ANTHROPIC_MODEL as its default model', () => {
    expect(KNOWN_PROVIDERS).toContain('anthropic')
    const p = createProvider('anthropic', { env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: 'http://127.0.0.1:9/' } })
    expect(p).toMatchObject({ name: 'anthropic', offline: false, label: 'Anthropic (http://127.0.0.1:9)' })
    expect(defaultModelFor('anthropic', {})).toBe('claude-sonnet-5-5')
    expect(defaultModelFor('anthropic', { ANTHROPIC_MODEL: ' claude-opus-4-8 ' })).toBe('claude-opus-4-8')
  })
})
