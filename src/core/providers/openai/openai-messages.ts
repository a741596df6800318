/**
 * Maps our provider-neutral request (messages, tools, options) to the OpenAI Chat Completions
 * request shape. Only options that are set are sent. Tool-call arguments always go out as the
 * JSON string the API expects; a raw (non-JSON) string is sent back verbatim.
 */
import type {
  ChatCompletionCreateParamsStreaming,
  ChatCompletionFunctionTool,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions'
import type { ChatMessage, ChatRequest, ModelOptions, ToolCall, ToolSpec } from '../types'

/** Which request field carries the output-token limit (o-series models only accept the newer one). */
export type MaxTokensField = 'max_tokens' | 'max_completion_tokens'

function argumentsJson(value: unknown): string {
  if (typeof value === 'string') return value
  return JSON.stringify(value ?? {})
}

function toolCallOut(call: ToolCall): ChatCompletionMessageFunctionToolCall {
  return { id: call.id, type: 'function', function: { name: call.name, arguments: argumentsJson(call.arguments) } }
}

function toOpenAIMessages(messages: readonly ChatMessage[]): ChatCompletionMessageParam[] {
  return messages.map((message): ChatCompletionMessageParam => {
    switch (message.role) {
      case 'tool':
        return { role: 'tool', content: message.content, tool_call_id: message.tool_call_id }
      case 'assistant':
        return message.tool_calls && message.tool_calls.length > 0
          ? { role: 'assistant', content: message.content === '' ? null : message.content, tool_calls: message.tool_calls.map(toolCallOut) }
          : { role: 'assistant', content: message.content }
      case 'system':
        return { role: 'system', content: message.content }
      default:
        return { role: 'user', content: message.content }
    }
  })
}

function toOpenAITools(tools: readonly ToolSpec[]): ChatCompletionFunctionTool[] {
  return tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: { ...tool.parameters } },
  }))
}

type SamplingParams = Pick<ChatCompletionCreateParamsStreaming, 'temperature' | 'top_p' | 'seed' | 'max_tokens' | 'max_completion_tokens'>

function toOpenAIOptions(options: ModelOptions, maxTokensField: MaxTokensField, defaultMaxTokens?: number): SamplingParams {
  const out: SamplingParams = {}
  if (options.temperature !== undefined) out.temperature = options.temperature
  if (options.top_p !== undefined) out.top_p = options.top_p
  if (options.seed !== undefined) out.seed = options.seed
  const limit =
    options.max_tokens ?? (options.num_predict !== undefined && options.num_predict > 0 ? options.num_predict : defaultMaxTokens)
  if (limit !== undefined) out[maxTokensField] = limit
  return out
}

export function toOpenAIRequest(
  request: ChatRequest,
  maxTokensField: MaxTokensField,
  defaultMaxTokens?: number,
): ChatCompletionCreateParamsStreaming {
  const tools = toOpenAITools(request.tools)
  return {
    model: request.model,
    messages: toOpenAIMessages(request.messages),
    ...(tools.length > 0 ? { tools } : {}),
    ...toOpenAIOptions(request.options, maxTokensField, defaultMaxTokens),
    stream: true,
    stream_options: { include_usage: true },
  }
}
