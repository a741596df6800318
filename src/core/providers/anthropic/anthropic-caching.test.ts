/**
 * Anthropic across the turns of one step, against the fake built like the Messages API: the
 * system prompt and tools are cached on the first turn and read back on the next (usage records
 * both, the price table prices both), and a thinking block comes back with its signature, which
 * the API demands before it accepts the tool result; its thinking streams as thinking meanwhile.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { costOf } from '../../cost/cost'
import { shippedPriceTable } from '../../cost/price-table'
import { createAnthropicProvider } from './anthropic-provider'
import { collectChunks, expectProviderError } from '../testing/collect-chunks'
import type { FakeProviderServer } from '../testing/contract-types'
import { startFakeAnthropic } from './testing/fake-anthropic-server'
import type { ChatMessage, ChatRequest, ProviderChunk, TokenUsage } from '../types'

const MODEL = 'claude-sonnet-5-5'
let server: FakeProviderServer
afterEach(async () => {
  await server.close()
})

const provider = () => createAnthropicProvider({ baseURL: server.url, apiKey: 'sk-ant-test', env: {} })
const SYSTEM = `You write code. ${'Keep every file small and tested. '.repeat(200)}`
const TOOL = {
  name: 'write_file',
  description: 'Write a file',
  parameters: { type: 'object' as const, properties: { path: { type: 'string' }, content: { type: 'string' } }, required: ['path'] },
}
const req = (messages: ChatMessage[]): ChatRequest => ({ model: MODEL, messages, tools: [TOOL], options: {} })
const opening: ChatMessage[] = [
  { role: 'system', content: SYSTEM },
  { role: 'user', content: 'Write app.py' },
]

function usageOf(chunks: ProviderChunk[]): TokenUsage {
  const done = chunks.at(-1)
  if (done?.type !== 'done') throw new Error('no done chunk')
  return done.usage
}

function assistant(chunks: ProviderChunk[]): Extract<ChatMessage, { role: 'assistant' }> {
  return {
    role: 'assistant',
    content: chunks.flatMap((c) => (c.type === 'text' ? [c.text] : [])).join(''),
    tool_calls: chunks.flatMap((c) => (c.type === 'tool_call' ? [c.call] : [])),
    reasoning: chunks.flatMap((c) => (c.type === 'reasoning' ? [c.item] : [])),
  }
}

describe('anthropic across the turns of a step', () => {
  it('writes the system prompt and tools to the prompt cache, then reads them, and prices both', async () => {
    server = await startFakeAnthropic()
    server.play(
      { kind: 'tool_call', name: 'write_file', argumentsJson: '{"path":"app.py","content":"x"}' },
      { kind: 'text', deltas: ['done'] },
    )
    const first = await collectChunks(provider().chat(req(opening), { signal: new AbortController().signal }))
    const answer = assistant(first)
    const callId = answer.tool_calls?.[0]?.id ?? ''
    const second = await collectChunks(
      provider().chat(req([...opening, answer, { role: 'tool', content: 'ok', tool_call_id: callId, tool_name: 'write_file' }]), {
        signal: new AbortController().signal,
      }),
    )
    const u1 = usageOf(first)
    const u2 = usageOf(second)
    expect(u1.cacheWriteTokens ?? 0).toBeGreaterThanOrEqual(1024)
    expect(u1.cachedPromptTokens).toBeUndefined()
    expect(u2.cachedPromptTokens ?? 0).toBeGreaterThanOrEqual(u1.cacheWriteTokens ?? 0)
    expect(u2.promptTokens).toBeGreaterThan(u2.cachedPromptTokens ?? 0)
    const table = shippedPriceTable()
    const fresh = costOf('anthropic', MODEL, { promptTokens: u2.promptTokens, completionTokens: u2.completionTokens }, table) ?? 0
    const withCache = costOf('anthropic', MODEL, u2, table) ?? 0
    expect(withCache).toBeLessThan(fresh)
    const written = costOf('anthropic', MODEL, u1, table) ?? 0
    const unwritten = costOf('anthropic', MODEL, { promptTokens: u1.promptTokens, completionTokens: u1.completionTokens }, table) ?? 0
    expect(written).toBeGreaterThan(unwritten)
  })

  it('passes the thinking block back with its signature; without it the API refuses the tool result', async () => {
    server = await startFakeAnthropic()
    server.play({ kind: 'tool_call', name: 'write_file', argumentsJson: '{"path":"a.py"}' }, { kind: 'text', deltas: ['ok'] })
    const first = await collectChunks(provider().chat(req(opening), { signal: new AbortController().signal }))
    const answer = assistant(first)
    expect(answer.reasoning).toEqual([{ kind: 'anthropic_thinking', thinking: expect.any(String), signature: expect.any(String) }])
    const callId = answer.tool_calls?.[0]?.id ?? ''
    const result: ChatMessage = { role: 'tool', content: 'ok', tool_call_id: callId, tool_name: 'write_file' }
    const withoutThinking: ChatMessage = { role: 'assistant', content: answer.content, tool_calls: answer.tool_calls ?? [] }
    const err = await expectProviderError(
      provider().chat(req([...opening, withoutThinking, result]), { signal: new AbortController().signal }),
    )
    expect(err).toMatchObject({ kind: 'bad_request', retryable: false, status: 400 })
    expect(err.message).toContain('thinking')
    const ok = await collectChunks(provider().chat(req([...opening, answer, result]), { signal: new AbortController().signal }))
    expect(ok.at(-1)).toMatchObject({ type: 'done', stopReason: 'stop' })
    const sent = server.requests.at(-1)?.body as { messages: { role: string; content: { type: string; signature?: string }[] }[] }
    const reasoning = answer.reasoning?.[0]
    expect(sent.messages[1]?.content[0]).toMatchObject({
      type: 'thinking',
      signature: reasoning?.kind === 'anthropic_thinking' ? reasoning.signature : 'missing',
    })
  })

  it('streams the thinking_delta pieces as thinking, never as text, and they add up to the block passed back', async () => {
    server = await startFakeAnthropic()
    server.play({ kind: 'text', deltas: ['Here ', 'it is.'] })
    const chunks = await collectChunks(provider().chat(req(opening), { signal: new AbortController().signal }))
    const thought = chunks.flatMap((c) => (c.type === 'thinking' ? [c.text] : []))
    expect(thought.length).toBeGreaterThan(1)
    const block = chunks.find((c) => c.type === 'reasoning')
    expect(block?.type === 'reasoning' && block.item.kind === 'anthropic_thinking' ? block.item.thinking : '').toBe(thought.join(''))
    expect(chunks.flatMap((c) => (c.type === 'text' ? [c.text] : [])).join('')).toBe('Here it is.')
    expect(chunks.findIndex((c) => c.type === 'thinking')).toBeLessThan(chunks.findIndex((c) => c.type === 'text'))
  })
})
