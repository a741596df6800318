/**
 * The provider conformance suite: one vitest `describe` block that every adapter runs against
 * its own fake server speaking the provider's real wire protocol, with the real SDK inside the
 * adapter. Each case asserts what a user would notice: streamed text and tool calls, usage and
 * stop reasons, and for every failure the error kind, whether the step runner retries it, and a
 * message that names the fix — never an API key. Cases a wire protocol cannot produce are listed
 * in `options.unsupported` with the reason and show up as skipped.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ProviderError } from '../../errors'
import { DEFAULT_RETRY_POLICY, isRetryable, retryDelayMs } from '../../engine/retry-policy'
import type { ChatRequest, ModelProvider, ProviderChunk, ToolSpec } from '../types'
import { collectChunks, expectProviderError } from './collect-chunks'
import type { ContractHarness, FakeProviderServer } from './contract-types'
import type { ProviderTimeouts } from '../provider-settings'

type ContractCase = 'context_too_long' | 'request_id' | 'route_not_found' | 'json_reply'

export interface ContractOptions {
  /** Cases the provider's protocol cannot produce, each with the reason. */
  unsupported?: Partial<Record<ContractCase, string>>
  /** 5xx statuses to check (default 500, 503 and Anthropic's 529 for everyone). */
  serverErrorStatuses?: number[]
}

const CANARY_KEY = 'sk-canary-DO-NOT-ECHO-7f3a9c21e4b8'
const SHORT_MS = 150
const LONG_STALL_MS = 1_500

const WRITE_FILE: ToolSpec = {
  name: 'write_file',
  description: 'Write a file into the project',
  parameters: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } }, required: ['path', 'content'] },
}

const signal = (): AbortSignal => new AbortController().signal

/** Drains a stream, returning what arrived before it failed and the error. */
async function drainUntilError(stream: AsyncIterable<ProviderChunk>): Promise<{ before: ProviderChunk[]; error: ProviderError }> {
  const before: ProviderChunk[] = []
  const error = await expectProviderError(
    (async function* () {
      for await (const chunk of stream) {
        before.push(chunk)
        yield chunk
      }
    })(),
  )
  return { before, error }
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms)),
  ])
}

export function describeProviderContract(harness: ContractHarness, options: ContractOptions = {}): void {
  const unsupported = options.unsupported ?? {}
  const statuses = options.serverErrorStatuses ?? [500, 503, 529]
  const keyEnv = `${harness.name.toUpperCase()}_API_KEY`

  describe(`provider contract: ${harness.name}`, () => {
    let server: FakeProviderServer
    beforeEach(async () => {
      server = await harness.startServer()
    })
    afterEach(async () => {
      await server.close()
    })

    const provider = (timeouts?: ProviderTimeouts, apiKey?: string): ModelProvider =>
      harness.makeProvider(server.url, { ...(apiKey ? { apiKey } : {}), ...(timeouts ? { timeouts } : {}) })
    const request = (tools: ToolSpec[] = []): ChatRequest => ({
      model: harness.model,
      messages: [
        { role: 'system', content: 'You write code.' },
        { role: 'user', content: 'Say hello.' },
      ],
      tools,
      options: { temperature: 0.2 },
    })
    const chatError = (p: ModelProvider = provider()): Promise<ProviderError> =>
      expectProviderError(p.chat(request(), { signal: signal() }))

    it('streams text deltas in order and ends with one done carrying usage and stop', async () => {
      server.play({ kind: 'text', deltas: ['Hel', 'lo', ', wor', 'ld'], usage: { input: 17, output: 4 } })
      const chunks = await collectChunks(provider().chat(request(), { signal: signal() }))
      const texts = chunks.flatMap((c) => (c.type === 'text' ? [c.text] : []))
      expect(texts.join('')).toBe('Hello, world')
      expect(chunks.filter((c) => c.type === 'done')).toHaveLength(1)
      expect(chunks.at(-1)).toEqual({ type: 'done', stopReason: 'stop', usage: { promptTokens: 17, completionTokens: 4 } })
    })

    it('reassembles a tool call whose JSON arguments arrive split across many deltas', async () => {
      const args = { path: 'src/app.py', content: 'print("hello, {world}")\n# "quoted" \\ backslash\n' }
      server.play({
        kind: 'tool_call',
        name: 'write_file',
        argumentsJson: JSON.stringify(args),
        chunks: 9,
        usage: { input: 30, output: 12 },
      })
      const chunks = await collectChunks(provider().chat(request([WRITE_FILE]), { signal: signal() }))
      const calls = chunks.flatMap((c) => (c.type === 'tool_call' ? [c.call] : []))
      expect(calls).toHaveLength(1)
      expect(calls[0]).toMatchObject({ name: 'write_file', arguments: args })
      expect(calls[0]?.id).toEqual(expect.any(String))
      expect(calls[0]?.id).not.toBe('')
      expect(chunks.at(-1)).toEqual({ type: 'done', stopReason: 'tool_calls', usage: { promptTokens: 30, completionTokens: 12 } })
    })

    it.skipIf(!harness.needsKey)('401: not retried, says the key is invalid and names the env var, never echoes the key', async () => {
      server.play({ kind: 'http_error', status: 401, message: `Incorrect API key provided: ${CANARY_KEY}` })
      const err = await chatError(provider(undefined, CANARY_KEY))
      expect(err).toMatchObject({ kind: 'auth', retryable: false })
      expect(isRetryable(err.toInfo())).toBe(false)
      expect(err.message).toMatch(/invalid/i)
      expect(err.message).toContain(keyEnv)
      expect(JSON.stringify({ message: err.message, stack: err.stack, info: err.toInfo() })).not.toContain(CANARY_KEY)
      expect(String(err.cause ?? '')).not.toContain(CANARY_KEY)
    })

    it.skipIf(unsupported.context_too_long !== undefined)('400 context too long: not retried, the message gives the limit', async () => {
      server.play({ kind: 'context_too_long', limit: 8192, requested: 9000 })
      const err = await chatError()
      expect(err).toMatchObject({ kind: 'context_length', retryable: false })
      expect(isRetryable(err.toInfo())).toBe(false)
      expect(err.message).toContain('8192')
    })

    it('429 with retry-after: rate_limit, retryable, asks to wait at least that long', async () => {
      server.play({ kind: 'http_error', status: 429, message: 'Rate limit reached', headers: { 'retry-after': '2' } })
      const err = await chatError()
      expect(err).toMatchObject({ kind: 'rate_limit', retryable: true })
      expect(err.retryAfterMs ?? 0).toBeGreaterThanOrEqual(2000)
      expect(isRetryable(err.toInfo())).toBe(true)
    })

    it("429 with retry-after: the step runner's retry policy waits at least that long before retrying", async () => {
      server.play({ kind: 'http_error', status: 429, message: 'Rate limit reached', headers: { 'retry-after': '2' } })
      const info = (await chatError()).toInfo()
      expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, info, () => 0)).toBeGreaterThanOrEqual(2000)
      expect(retryDelayMs(2, DEFAULT_RETRY_POLICY, info, () => 0.5)).toBeGreaterThanOrEqual(2000)
    })

    it.each(statuses)('HTTP %i: retryable server error carrying the provider request id', async (status) => {
      const id = `req_contract_${status}`
      server.play({ kind: 'http_error', status, message: 'The server is overloaded', headers: { 'x-request-id': id, 'request-id': id } })
      const err = await chatError()
      expect(err).toMatchObject({ kind: 'server', retryable: true, status })
      expect(isRetryable(err.toInfo())).toBe(true)
      if (unsupported.request_id === undefined) {
        expect(err.requestId).toBe(id)
        expect(err.message).toContain(id)
      }
    })

    it('an error event in the middle of a 200 stream: retryable failure, never a finished answer', async () => {
      server.play({ kind: 'mid_stream_error', deltas: ['partial ', 'answer'] })
      const { before, error } = await drainUntilError(provider().chat(request(), { signal: signal() }))
      expect(error.retryable).toBe(true)
      expect(isRetryable(error.toInfo())).toBe(true)
      expect(error.kind).not.toBe('aborted')
      expect(before.some((c) => c.type === 'done')).toBe(false)
    })

    it('a stream that ends without its end marker: protocol failure, not success', async () => {
      server.play({ kind: 'no_end_marker', deltas: ['looks ', 'complete'] })
      const { before, error } = await drainUntilError(provider().chat(request(), { signal: signal() }))
      expect(error.kind).toBe('protocol')
      expect(before.some((c) => c.type === 'done')).toBe(false)
    })

    it.skipIf(unsupported.route_not_found !== undefined)(
      "HTTP 404 from the server's router (no such path): a wrong address, never a missing model",
      async () => {
        server.play({ kind: 'route_not_found' })
        const err = await chatError()
        expect(err).toMatchObject({ kind: 'bad_request', retryable: false })
        expect(err.message).toContain('404')
        expect(err.message).toContain('not a missing model')
        expect(err.message).not.toMatch(/pull|has no model/)
        expect(err.message).toMatch(/[A-Z][A-Z0-9]*_(HOST|BASE_URL)\b/)
      },
    )

    it.skipIf(unsupported.json_reply !== undefined)(
      'one whole JSON answer where a stream was asked for: not_streamed, saying so',
      async () => {
        server.play({ kind: 'json_reply', text: 'a whole answer' })
        const { before, error } = await drainUntilError(provider().chat(request(), { signal: signal() }))
        expect(error).toMatchObject({ kind: 'not_streamed', retryable: false })
        expect(error.message).toContain('one whole JSON document')
        expect(error.message).toMatch(/[A-Z][A-Z0-9]*_(HOST|BASE_URL)\b/)
        expect(before.some((c) => c.type === 'done')).toBe(false)
      },
    )

    it('the connection closed before any byte of reply: no_reply, retryable, saying what the server did', async () => {
      server.play({ kind: 'drop_before_reply' })
      const err = await chatError()
      expect(err).toMatchObject({ kind: 'no_reply', retryable: true })
      expect(isRetryable(err.toInfo())).toBe(true)
      expect(err.message).toContain('closed the connection without sending a reply')
      expect(err.message).not.toContain('cannot reach')
    })

    it('connection refused: network error naming how to fix it, from chat and from preflight', async () => {
      const gone = await harness.startServer()
      await gone.close()
      const p = harness.makeProvider(gone.url, {})
      const fromChat = await expectProviderError(p.chat(request(), { signal: signal() }))
      expect(fromChat.kind).toBe('network')
      expect(fromChat.message).toMatch(/[A-Z][A-Z0-9]*_(HOST|BASE_URL)\b/)
      const fromPreflight = await expectProviderError(p.preflight(harness.model, { signal: signal() }))
      expect(fromPreflight.kind).toBe('network')
      expect(fromPreflight.message).toMatch(/[A-Z][A-Z0-9]*_(HOST|BASE_URL)\b/)
    })

    it('preflight: passes for a listed model, names the fix for an unknown one', async () => {
      await expect(provider().preflight(harness.model, { signal: signal() })).resolves.toBeUndefined()
      const missing = 'no-such-model-x1'
      const err = await expectProviderError(provider().preflight(missing, { signal: signal() }))
      expect(err).toMatchObject({ kind: 'model_not_found', retryable: false })
      expect(err.message).toContain(missing)
    })

    it('no response headers in time: our first-token timeout fires with our message', async () => {
      server.play({ kind: 'stall_headers', ms: LONG_STALL_MS })
      const err = await chatError(provider({ firstTokenTimeoutMs: SHORT_MS }))
      expect(err).toMatchObject({ kind: 'timeout', retryable: true })
      expect(err.message).toMatch(/first[- ]token/i)
      expect(err.message).toContain(String(SHORT_MS))
    })

    it('no chunk for too long mid-stream: our idle timeout fires', async () => {
      server.play({ kind: 'stall_after', deltas: ['one ', 'two'], ms: LONG_STALL_MS })
      const { before, error } = await drainUntilError(provider({ idleTimeoutMs: SHORT_MS }).chat(request(), { signal: signal() }))
      expect(error).toMatchObject({ kind: 'timeout', retryable: true })
      expect(error.message).toMatch(/idle/i)
      expect(before.some((c) => c.type === 'done')).toBe(false)
    })

    it('abort mid-stream: kind aborted and the HTTP request is really cancelled', async () => {
      server.play({ kind: 'slow', deltas: Array.from({ length: 40 }, (_, i) => `d${i} `), delayMs: 40 })
      const controller = new AbortController()
      const stream = provider().chat(request(), { signal: controller.signal })
      const seen: ProviderChunk[] = []
      const error = await expectProviderError(
        (async function* () {
          for await (const chunk of stream) {
            seen.push(chunk)
            if (seen.length === 2) controller.abort()
            yield chunk
          }
        })(),
      )
      expect(error).toMatchObject({ kind: 'aborted', retryable: false })
      expect(seen.some((c) => c.type === 'done')).toBe(false)
      const last = server.requests.at(-1)
      expect(last).toBeDefined()
      await expect(within(last?.closedEarly ?? Promise.resolve(false), 2_000, 'the server seeing the connection close')).resolves.toBe(true)
    })
  })
}
