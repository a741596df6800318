import { describe, expect, it } from 'vitest'
import { ANTHROPIC_DEFAULT_MAX_TOKENS, toAnthropicMessages, toAnthropicRequest, toAnthropicTools } from './anthropic-messages'
import type { ChatMessage } from '../types'

describe('anthropic message mapping', () => {
  it('moves system prompts to `system` and keeps user text as is', () => {
    const mapped = toAnthropicMessages([
      { role: 'system', content: 'You are the Architect.' },
      { role: 'system', content: 'Write PLAN.md.' },
      { role: 'user', content: 'Build a notes app' },
    ])
    expect(mapped).toEqual({
      system: 'You are the Architect.\n\nWrite PLAN.md.',
      messages: [{ role: 'user', content: 'Build a notes app' }],
    })
  })

  it('turns assistant tool calls into tool_use blocks with object input', () => {
    const { messages } = toAnthropicMessages([
      { role: 'user', content: 'go' },
      {
        role: 'assistant',
        content: 'writing two files',
        tool_calls: [
          { id: 'toolu_1', name: 'write_file', arguments: { path: 'a.ts' } },
          { id: 'toolu_2', name: 'write_file', arguments: '{"path":"b.ts"}' },
          { id: 'toolu_3', name: 'note', arguments: 'not json' },
        ],
      },
    ])
    expect(messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'text', text: 'writing two files' },
        { type: 'tool_use', id: 'toolu_1', name: 'write_file', input: { path: 'a.ts' } },
        { type: 'tool_use', id: 'toolu_2', name: 'write_file', input: { path: 'b.ts' } },
        { type: 'tool_use', id: 'toolu_3', name: 'note', input: { raw: 'not json' } },
      ],
    })
  })

  it('merges consecutive tool results, and a following user message, into one user turn', () => {
    const history: ChatMessage[] = [
      { role: 'user', content: 'go' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          { id: 't1', name: 'write_file', arguments: {} },
          { id: 't2', name: 'read_file', arguments: {} },
        ],
      },
      { role: 'tool', tool_call_id: 't1', tool_name: 'write_file', content: 'ok' },
      { role: 'tool', tool_call_id: 't2', tool_name: 'read_file', content: 'contents' },
      { role: 'user', content: 'now the tests' },
      { role: 'assistant', content: 'done' },
    ]
    const { messages } = toAnthropicMessages(history)
    expect(messages).toEqual([
      { role: 'user', content: 'go' },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 't1', name: 'write_file', input: {} },
          { type: 'tool_use', id: 't2', name: 'read_file', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 't1', content: 'ok' },
          { type: 'tool_result', tool_use_id: 't2', content: 'contents' },
          { type: 'text', text: 'now the tests' },
        ],
      },
      { role: 'assistant', content: 'done' },
    ])
  })

  it('drops an empty assistant turn without tool calls (the API rejects empty text)', () => {
    const { messages } = toAnthropicMessages([
      { role: 'user', content: 'a' },
      { role: 'assistant', content: '' },
      { role: 'user', content: 'b' },
    ])
    expect(messages).toEqual([
      { role: 'user', content: 'a' },
      { role: 'user', content: 'b' },
    ])
  })

  it('maps tools to name, description and input_schema', () => {
    expect(
      toAnthropicTools([
        {
          name: 'write_file',
          description: 'Write a file',
          parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
        },
      ]),
    ).toEqual([
      {
        name: 'write_file',
        description: 'Write a file',
        input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
      },
    ])
  })

  it('always sets max_tokens, sends no sampling options, and omits empty system and tools', () => {
    const base = { model: 'claude-sonnet-4-6', messages: [{ role: 'user' as const, content: 'hi' }], tools: [] }
    const plain = toAnthropicRequest({ ...base, options: { temperature: 0.1, top_p: 0.9, num_ctx: 8192 } })
    expect(plain).toEqual({
      model: 'claude-sonnet-4-6',
      max_tokens: ANTHROPIC_DEFAULT_MAX_TOKENS,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral' } }] }],
      stream: true,
    })
    expect(toAnthropicRequest({ ...base, options: { max_tokens: 8192 } }).max_tokens).toBe(8192)
    expect(toAnthropicRequest({ ...base, options: { max_tokens: 0 } }).max_tokens).toBe(ANTHROPIC_DEFAULT_MAX_TOKENS)
  })
})

describe('anthropic prompt caching and thinking', () => {
  const tools = [
    { name: 'write_file', description: 'w', parameters: { type: 'object' as const, properties: {}, required: [] } },
    { name: 'read_file', description: 'r', parameters: { type: 'object' as const, properties: {}, required: [] } },
  ]
  it('marks the system prompt (caching tools and system) and the last block of the conversation', () => {
    const req = toAnthropicRequest({
      model: 'claude-sonnet-5-5',
      tools,
      options: {},
      messages: [
        { role: 'system', content: 'You write code.' },
        { role: 'user', content: 'go' },
        { role: 'assistant', content: '', tool_calls: [{ id: 't1', name: 'write_file', arguments: {} }] },
        { role: 'tool', content: 'ok', tool_call_id: 't1', tool_name: 'write_file' },
      ],
    })
    expect(req.system).toEqual([{ type: 'text', text: 'You write code.', cache_control: { type: 'ephemeral' } }])
    expect(req.tools?.some((t) => 'cache_control' in t)).toBe(false)
    expect(req.messages.at(-1)).toEqual({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: 't1', content: 'ok', cache_control: { type: 'ephemeral' } }],
    })
    expect(JSON.stringify(req.messages.slice(0, -1))).not.toContain('cache_control')
  })

  it('without a system prompt the last tool carries the breakpoint', () => {
    const req = toAnthropicRequest({ model: 'm', tools, options: {}, messages: [{ role: 'user', content: 'go' }] })
    expect(req.tools?.map((t) => 'cache_control' in t)).toEqual([false, true])
  })

  it('passes thinking blocks back first, unmodified, before the text and the tool calls', () => {
    const req = toAnthropicRequest({
      model: 'm',
      tools: [],
      options: {},
      messages: [
        { role: 'user', content: 'go' },
        {
          role: 'assistant',
          content: 'writing',
          tool_calls: [{ id: 't1', name: 'write_file', arguments: { path: 'a' } }],
          reasoning: [
            { kind: 'anthropic_thinking', thinking: 'plan it', signature: 'sig1' },
            { kind: 'anthropic_redacted_thinking', data: 'opaque' },
            { kind: 'openai_reasoning', id: 'rs_1', summary: [] },
          ],
        },
        { role: 'tool', content: 'ok', tool_call_id: 't1', tool_name: 'write_file' },
      ],
    })
    expect(req.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'plan it', signature: 'sig1' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'text', text: 'writing' },
        { type: 'tool_use', id: 't1', name: 'write_file', input: { path: 'a' } },
      ],
    })
  })
})
