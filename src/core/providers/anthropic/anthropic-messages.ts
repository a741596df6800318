/**
 * Maps our provider-neutral request to an Anthropic Messages API streaming request. System
 * messages become the top-level `system`; assistant tool calls become `tool_use` blocks (input
 * always an object); tool results become `tool_result` blocks in a user message, consecutive
 * results (and a user message right after them) merged into that one user turn, as the API wants.
 * The assistant's thinking blocks go back first, with their signatures. The system prompt and the
 * conversation carry `cache_control` breakpoints (prompt caching across a step's turns).
 * `max_tokens` is required by the API and defaults to 4096. API version 2026-10-21 (sent by SDK
 * 1.x) rejects temperature, top_p and top_k with HTTP 400, so sampling options are not sent.
 */
import type {
  ContentBlockParam,
  MessageCreateParamsStreaming,
  MessageParam,
  TextBlockParam,
  Tool,
} from '@anthropic-ai/sdk/resources/messages'
import type { ChatMessage, ChatRequest, ModelOptions, ReasoningItem, ToolCall, ToolSpec } from '../types'

/** Anthropic's 5-minute prompt cache: a breakpoint caches everything before it (tools, then system, then messages). */
const EPHEMERAL = { type: 'ephemeral' } as const

export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096

function inputObject(value: unknown): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value)
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>
    } catch {
      // not JSON: sent back verbatim below
    }
    return { raw: value }
  }
  return value === undefined || value === null ? {} : { value }
}

function toolUse(call: ToolCall): ContentBlockParam {
  return { type: 'tool_use', id: call.id, name: call.name, input: inputObject(call.arguments) }
}

function thinkingBlock(item: ReasoningItem): ContentBlockParam[] {
  if (item.kind === 'anthropic_thinking') return [{ type: 'thinking', thinking: item.thinking, signature: item.signature }]
  if (item.kind === 'anthropic_redacted_thinking') return [{ type: 'redacted_thinking', data: item.data }]
  return []
}

/** Thinking blocks first, unmodified and in order (the API verifies their signatures), then text, then tool calls. */
function assistantTurn(message: Extract<ChatMessage, { role: 'assistant' }>): MessageParam | undefined {
  const thinking = (message.reasoning ?? []).flatMap(thinkingBlock)
  const calls = message.tool_calls ?? []
  if (calls.length === 0 && thinking.length === 0)
    return message.content === '' ? undefined : { role: 'assistant', content: message.content }
  const text: ContentBlockParam[] = message.content === '' ? [] : [{ type: 'text', text: message.content }]
  return { role: 'assistant', content: [...thinking, ...text, ...calls.map(toolUse)] }
}

/** Splits out the system prompt and maps the conversation turns. */
export function toAnthropicMessages(messages: readonly ChatMessage[]): { system?: string; messages: MessageParam[] } {
  const system: string[] = []
  const out: MessageParam[] = []
  let openResults: ContentBlockParam[] | undefined
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        system.push(message.content)
        break
      case 'tool':
        if (!openResults) {
          openResults = []
          out.push({ role: 'user', content: openResults })
        }
        openResults.push({ type: 'tool_result', tool_use_id: message.tool_call_id, content: message.content })
        break
      case 'user':
        if (openResults) openResults.push({ type: 'text', text: message.content })
        else out.push({ role: 'user', content: message.content })
        openResults = undefined
        break
      case 'assistant': {
        openResults = undefined
        const turn = assistantTurn(message)
        if (turn) out.push(turn)
        break
      }
    }
  }
  return system.length > 0 ? { system: system.join('\n\n'), messages: out } : { messages: out }
}

export function toAnthropicTools(tools: readonly ToolSpec[]): Tool[] {
  return tools.map((tool) => ({
    name: tool.name,
    description: tool.description,
    input_schema: { type: 'object', properties: tool.parameters.properties, required: tool.parameters.required },
  }))
}

function maxTokensOf(options: ModelOptions): number {
  const wanted = options.max_tokens
  return wanted !== undefined && Number.isInteger(wanted) && wanted > 0 ? wanted : ANTHROPIC_DEFAULT_MAX_TOKENS
}

/**
 * Prompt caching across the turns of a step: a breakpoint after the system prompt caches the
 * tools and the system prompt (the last tool carries it when there is no system prompt), and one
 * on the last block of the conversation caches the turns so far for the next turn to read.
 */
function withCacheBreakpoints(
  system: string | undefined,
  tools: Tool[],
  messages: MessageParam[],
): { system?: TextBlockParam[]; tools: Tool[]; messages: MessageParam[] } {
  const cachedTools =
    system === undefined && tools.length > 0 ? [...tools.slice(0, -1), { ...(tools.at(-1) as Tool), cache_control: EPHEMERAL }] : tools
  const last = messages.at(-1)
  let cachedMessages = messages
  if (last?.role === 'user') {
    const blocks: ContentBlockParam[] = typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : [...last.content]
    const tail = blocks.at(-1)
    if (tail && (tail.type === 'text' || tail.type === 'tool_result')) {
      blocks[blocks.length - 1] = { ...tail, cache_control: EPHEMERAL }
      cachedMessages = [...messages.slice(0, -1), { role: 'user', content: blocks }]
    }
  }
  return {
    ...(system !== undefined ? { system: [{ type: 'text', text: system, cache_control: EPHEMERAL }] } : {}),
    tools: cachedTools,
    messages: cachedMessages,
  }
}

export function toAnthropicRequest(request: ChatRequest): MessageCreateParamsStreaming {
  const plain = toAnthropicMessages(request.messages)
  const { system, tools, messages } = withCacheBreakpoints(plain.system, toAnthropicTools(request.tools), plain.messages)
  return {
    model: request.model,
    max_tokens: maxTokensOf(request.options),
    messages,
    ...(system !== undefined ? { system } : {}),
    ...(tools.length > 0 ? { tools } : {}),
    stream: true,
  }
}
