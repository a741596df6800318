/**
 * Maps our provider-neutral request to an Anthropic Messages API streaming request. System
 * messages become the top-level `system`; assistant tool calls become `tool_use` blocks (input
 * always an object); tool results become `tool_result` blocks in a user message, consecutive
 * results (and a user message right after them) merged into that one user turn, as the API wants.
 * `max_tokens` is required by the API and defaults to 4096. API version 2026-10-21 (sent by SDK
 * 1.x) rejects temperature, top_p and top_k with HTTP 400, so sampling options are not sent.
 */
import type { ContentBlockParam, MessageCreateParamsStreaming, MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages'
import type { ChatMessage, ChatRequest, ModelOptions, ToolCall, ToolSpec } from '../types'

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

function assistantTurn(content: string, calls: readonly ToolCall[] | undefined): MessageParam | undefined {
  if (!calls || calls.length === 0) return content === '' ? undefined : { role: 'assistant', content }
  const blocks: ContentBlockParam[] = content === '' ? [] : [{ type: 'text', text: content }]
  return { role: 'assistant', content: [...blocks, ...calls.map(toolUse)] }
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
        const turn = assistantTurn(message.content, message.tool_calls)
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

export function maxTokensOf(options: ModelOptions): number {
  const wanted = options.max_tokens
  return wanted !== undefined && Number.isInteger(wanted) && wanted > 0 ? wanted : ANTHROPIC_DEFAULT_MAX_TOKENS
}

export function toAnthropicRequest(request: ChatRequest): MessageCreateParamsStreaming {
  const { system, messages } = toAnthropicMessages(request.messages)
  const tools = toAnthropicTools(request.tools)
  return {
    model: request.model,
    max_tokens: maxTokensOf(request.options),
    messages,
    ...(system !== undefined ? { system } : {}),
    ...(tools.length > 0 ? { tools } : {}),
    stream: true,
  }
}
