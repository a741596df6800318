import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OrchestratorError } from '../../errors'
import { createProvider, openAIApiFromEnv } from '../provider-registry'
import { collectChunks, expectProviderError } from '../testing/collect-chunks'
import type { FakeProviderServer } from '../testing/contract-types'
import type { ChatMessage, ChatRequest, ProviderChunk, ToolSpec } from '../types'
import { createOpenAIProvider, defaultOpenAIApi } from './openai-provider'
import { FAKE_OPENAI_KEY, startFakeOpenAI } from './testing/fake-openai-server'

const MODEL = 'gpt-5.6-terra'
const signal = (): AbortSignal => new AbortController().signal
const WRITE_FILE: ToolSpec = {
  name: 'write_file',
  description: 'Write a file',
  parameters: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } }, required: ['path', 'content'] },
}

let server: FakeProviderServer
beforeEach(async () => {
  server = await startFakeOpenAI({ apiKey: FAKE_OPENAI_KEY, models: [MODEL], reasoningModels: [MODEL], responses: true })
})
afterEach(async () => {
  await server.close()
})

const provider = (api: 'chat' | 'responses' = 'responses') => createOpenAIProvider({ baseURL: server.url, apiKey: FAKE_OPENAI_KEY, api })
const firstTurn = (system = 'You write code.'): ChatMessage[] => [
  { role: 'system', content: system },
  { role: 'user', content: 'Write app.py' },
]
const request = (messages: ChatMessage[], tools: ToolSpec[] = [WRITE_FILE]): ChatRequest => ({ model: MODEL, messages, tools, options: {} })
type Body = { instructions?: string; input: { type?: string; role?: string; id?: string; encrypted_content?: string; call_id?: string }[] }
const bodyOf = (index: number): Body => server.requests[index]?.body as Body

function answerOf(chunks: ProviderChunk[]): Extract<ChatMessage, { role: 'assistant' }> {
  return {
    role: 'assistant',
    content: chunks.flatMap((c) => (c.type === 'text' ? [c.text] : [])).join(''),
    tool_calls: chunks.flatMap((c) => (c.type === 'tool_call' ? [c.call] : [])),
    reasoning: chunks.flatMap((c) => (c.type === 'reasoning' ? [c.item] : [])),
  }
}

describe('openai through the Responses API', () => {
  it('sends the system prompt as instructions and passes the reasoning item back with the tool result', async () => {
    server.play(
      { kind: 'tool_call', name: 'write_file', argumentsJson: '{"path":"app.py","content":"print(1)\\n"}', chunks: 5 },
      {
        kind: 'text',
        deltas: ['Wrote ', 'app.py'],
      },
    )
    const first = await collectChunks(provider().chat(request(firstTurn()), { signal: signal() }))
    const answer = answerOf(first)
    expect(answer.tool_calls).toEqual([
      { id: expect.any(String), name: 'write_file', arguments: { path: 'app.py', content: 'print(1)\n' } },
    ])
    expect(answer.reasoning).toEqual([expect.objectContaining({ kind: 'openai_reasoning', encrypted_content: expect.any(String) })])
    const callId = answer.tool_calls?.[0]?.id ?? ''
    const second = await collectChunks(
      provider().chat(request([...firstTurn(), answer, { role: 'tool', content: 'ok', tool_call_id: callId, tool_name: 'write_file' }]), {
        signal: signal(),
      }),
    )
    expect(second.at(-1)).toMatchObject({ type: 'done', stopReason: 'stop' })
    expect(bodyOf(0).instructions).toBe('You write code.')
    expect(bodyOf(0).input.some((item) => item.role === 'system')).toBe(false)
    const sent = bodyOf(1).input
    const reasoning = answer.reasoning?.[0]
    expect(sent.map((item) => item.type ?? item.role)).toEqual(['user', 'reasoning', 'function_call', 'function_call_output'])
    expect(sent[1]).toMatchObject({
      type: 'reasoning',
      encrypted_content: reasoning?.kind === 'openai_reasoning' ? reasoning.encrypted_content : '',
    })
    expect(server.requests.map((r) => r.path)).toEqual(['/v1/responses', '/v1/responses'])
  })

  it('a tool result sent without its reasoning item is refused, as OpenAI refuses it', async () => {
    server.play({ kind: 'tool_call', name: 'write_file', argumentsJson: '{"path":"a","content":"b"}' })
    const answer = answerOf(await collectChunks(provider().chat(request(firstTurn()), { signal: signal() })))
    const withoutReasoning: ChatMessage = { role: 'assistant', content: answer.content, tool_calls: answer.tool_calls ?? [] }
    const callId = answer.tool_calls?.[0]?.id ?? ''
    const err = await expectProviderError(
      provider().chat(
        request([...firstTurn(), withoutReasoning, { role: 'tool', content: 'ok', tool_call_id: callId, tool_name: 'write_file' }]),
        {
          signal: signal(),
        },
      ),
    )
    expect(err).toMatchObject({ kind: 'bad_request', retryable: false, status: 400 })
    expect(err.message).toContain("required 'reasoning' item")
  })

  it('reports the input tokens OpenAI served from its prompt cache on the next turn', async () => {
    const long = `You write code. ${'Follow the house style exactly. '.repeat(400)}`
    server.play({ kind: 'text', deltas: ['one'] }, { kind: 'text', deltas: ['two'] })
    const first = await collectChunks(provider().chat(request(firstTurn(long)), { signal: signal() }))
    const second = await collectChunks(provider().chat(request(firstTurn(long)), { signal: signal() }))
    const usage = (chunks: ProviderChunk[]) => (chunks.at(-1)?.type === 'done' ? chunks.at(-1) : undefined)
    expect(usage(first)).toMatchObject({ usage: { promptTokens: expect.any(Number) } })
    expect(usage(first)).not.toMatchObject({ usage: { cachedPromptTokens: expect.any(Number) } })
    const done = second.at(-1)
    expect(done?.type === 'done' ? (done.usage.cachedPromptTokens ?? 0) : 0).toBeGreaterThanOrEqual(1024)
    expect(done?.type === 'done' ? done.usage.promptTokens : 0).toBeGreaterThan(
      done?.type === 'done' ? (done.usage.cachedPromptTokens ?? 0) : 0,
    )
  })

  it('context window exceeded: context_length, not retried', async () => {
    server.play({ kind: 'context_too_long', limit: 400_000, requested: 500_000 })
    const err = await expectProviderError(provider().chat(request(firstTurn()), { signal: signal() }))
    expect(err).toMatchObject({ kind: 'context_length', retryable: false })
  })

  it('the same model with tools on Chat Completions is refused with OpenAI\'s "use /v1/responses"', async () => {
    const err = await expectProviderError(provider('chat').chat(request(firstTurn()), { signal: signal() }))
    expect(err).toMatchObject({ kind: 'bad_request', retryable: false, status: 400 })
    expect(err.message).toContain('/v1/responses')
    expect(server.requests.at(-1)?.path).toBe('/v1/chat/completions')
  })
})

describe('which OpenAI API', () => {
  it('is the Responses API at api.openai.com and Chat Completions for any other server', () => {
    expect(defaultOpenAIApi('https://api.openai.com/v1')).toBe('responses')
    expect(defaultOpenAIApi('http://127.0.0.1:1234/v1')).toBe('chat')
    expect(defaultOpenAIApi('https://openrouter.ai/api/v1')).toBe('chat')
    expect(createProvider('openai', { env: { OPENAI_API_KEY: 'k' } }).label).toContain('Responses API')
    expect(createProvider('openai', { env: { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' } }).label).toContain(
      'Chat Completions',
    )
  })

  it('OPENAI_API chooses it explicitly; anything else is refused naming both values', () => {
    const env = { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1', OPENAI_API: 'responses' }
    expect(createProvider('openai', { env }).label).toContain('Responses API')
    expect(openAIApiFromEnv({ OPENAI_API: ' Chat ' })).toBe('chat')
    expect(() => openAIApiFromEnv({ OPENAI_API: 'completions' })).toThrow(OrchestratorError)
    expect(() => openAIApiFromEnv({ OPENAI_API: 'completions' })).toThrow(/'responses'.*'chat'/)
  })
})

describe('the fake OpenAI server, like OpenAI', () => {
  it('refuses tools on Chat Completions for every current reasoning model, not for older ones', async () => {
    const fake = await startFakeOpenAI({ apiKey: FAKE_OPENAI_KEY, models: ['gpt-6-astra', 'gpt-5.4', 'gpt-4.1'] })
    try {
      const chat = createOpenAIProvider({ baseURL: fake.url, apiKey: FAKE_OPENAI_KEY, api: 'chat' })
      for (const model of ['gpt-6-astra', 'gpt-5.4']) {
        const err = await expectProviderError(chat.chat({ ...request(firstTurn()), model }, { signal: signal() }))
        expect(err.message).toContain(`not supported for ${model} in /v1/chat/completions`)
      }
      const older = await collectChunks(chat.chat({ ...request(firstTurn()), model: 'gpt-4.1' }, { signal: signal() }))
      expect(older.at(-1)).toMatchObject({ type: 'done' })
    } finally {
      await fake.close()
    }
  })
})
