import { describe, expect, it } from 'vitest'
import { ProviderError } from '../../errors'
import { AnthropicTurn } from './anthropic-turn'
import type { ProviderChunk } from '../types'

function feed(turn: AnthropicTurn, events: unknown[]): ProviderChunk[] {
  return events.flatMap((event) => turn.accept(event))
}

const start = (input: number, extra: Record<string, number> = {}) => ({
  type: 'message_start',
  message: { usage: { input_tokens: input, output_tokens: 1, ...extra } },
})
const stop = (reason: string, output: number) => [
  { type: 'message_delta', delta: { stop_reason: reason }, usage: { output_tokens: output } },
  { type: 'message_stop' },
]

describe('anthropic turn', () => {
  it('maps stop reasons', () => {
    const reasons: Record<string, string> = {
      end_turn: 'stop',
      stop_sequence: 'stop',
      tool_use: 'tool_calls',
      max_tokens: 'length',
      refusal: 'other',
    }
    for (const [raw, ours] of Object.entries(reasons)) {
      const chunks = feed(new AnthropicTurn(), [start(1), ...stop(raw, 2)])
      expect(chunks.at(-1)).toMatchObject({ type: 'done', stopReason: ours })
    }
  })

  it('counts cache reads and writes as prompt tokens and reports each on its own (they are priced apart)', () => {
    const chunks = feed(new AnthropicTurn(), [
      start(10, { cache_read_input_tokens: 100, cache_creation_input_tokens: 5 }),
      ...stop('end_turn', 7),
    ])
    expect(chunks.at(-1)).toEqual({
      type: 'done',
      stopReason: 'stop',
      usage: { promptTokens: 115, completionTokens: 7, cachedPromptTokens: 100, cacheWriteTokens: 5 },
    })
  })

  it('keeps interleaved tool blocks apart by index, streams thinking as thinking and keeps the block with its signature, and ignores unknown events', () => {
    const turn = new AnthropicTurn()
    const chunks = feed(turn, [
      start(1),
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hm' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'm' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sig==' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'a', name: 'one', input: {} } },
      { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'b', name: 'two', input: {} } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"x":' } },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"y":2}' } },
      { type: 'brand_new_event', whatever: true },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '1}' } },
      { type: 'content_block_stop', index: 2 },
      { type: 'content_block_stop', index: 1 },
      ...stop('tool_use', 3),
    ])
    expect(chunks).toEqual([
      { type: 'thinking', text: 'hm' },
      { type: 'thinking', text: 'm' },
      { type: 'reasoning', item: { kind: 'anthropic_thinking', thinking: 'hmm', signature: 'sig==' } },
      { type: 'tool_call', call: { id: 'b', name: 'two', arguments: { y: 2 } } },
      { type: 'tool_call', call: { id: 'a', name: 'one', arguments: { x: 1 } } },
      { type: 'done', stopReason: 'tool_calls', usage: { promptTokens: 1, completionTokens: 3 } },
    ])
    expect(turn.finished).toBe(true)
  })

  it('a tool call with no argument deltas gets its start input', () => {
    const chunks = feed(new AnthropicTurn(), [
      start(1),
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'a', name: 'list_files', input: {} } },
      { type: 'content_block_stop', index: 0 },
      ...stop('tool_use', 1),
    ])
    expect(chunks[0]).toEqual({ type: 'tool_call', call: { id: 'a', name: 'list_files', arguments: {} } })
  })

  it('is not finished before message_stop, and rejects a malformed known event', () => {
    const turn = new AnthropicTurn()
    feed(turn, [start(1), { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }])
    expect(turn.started).toBe(true)
    expect(turn.finished).toBe(false)
    expect(() => turn.accept({ type: 'content_block_delta', delta: { type: 'text_delta', text: 'x' } })).toThrow(ProviderError)
  })
})
