/**
 * Maps our provider-neutral request (messages, tools, options) to Ollama's chat request shape.
 * Only options that are set are sent; `max_tokens` becomes `num_predict` when `num_predict`
 * itself is unset. Tool-call arguments always go out as an object, as Ollama requires.
 */
import type { Message, Options, Tool, ToolCall as OllamaToolCall } from 'ollama'
import type { ChatMessage, ModelOptions, ToolCall, ToolSpec } from '../types'

type OllamaArguments = OllamaToolCall['function']['arguments']

function argumentsObject(value: unknown): OllamaArguments {
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as OllamaArguments
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value)
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as OllamaArguments
    } catch {
      // not JSON: sent back verbatim below
    }
    return { raw: value }
  }
  return value === undefined || value === null ? {} : { value }
}

function toolCallOut(call: ToolCall): OllamaToolCall {
  return { function: { name: call.name, arguments: argumentsObject(call.arguments) } }
}

export function toOllamaMessages(messages: readonly ChatMessage[]): Message[] {
  return messages.map((message): Message => {
    switch (message.role) {
      case 'tool':
        return { role: 'tool', content: message.content, tool_name: message.tool_name }
      case 'assistant':
        return message.tool_calls && message.tool_calls.length > 0
          ? { role: 'assistant', content: message.content, tool_calls: message.tool_calls.map(toolCallOut) }
          : { role: 'assistant', content: message.content }
      default:
        return { role: message.role, content: message.content }
    }
  })
}

export function toOllamaTools(tools: readonly ToolSpec[]): Tool[] {
  return tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.parameters as Tool['function']['parameters'] },
  }))
}

const PASSED_THROUGH = ['temperature', 'top_p', 'seed', 'num_ctx', 'num_thread', 'num_batch', 'num_gpu'] as const

export function toOllamaOptions(options: ModelOptions): Partial<Options> {
  const out: Partial<Options> = {}
  for (const key of PASSED_THROUGH) {
    const value = options[key]
    if (value !== undefined) out[key] = value
  }
  const predict = options.num_predict ?? options.max_tokens
  if (predict !== undefined) out.num_predict = predict
  return out
}
