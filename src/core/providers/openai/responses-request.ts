/**
 * Maps our provider-neutral request to an OpenAI Responses API streaming request. System
 * messages become `instructions`; the conversation becomes `input` items: user and assistant
 * messages, the reasoning items of earlier answers passed back verbatim (with their encrypted
 * content, since nothing is stored on OpenAI's side: `store: false`), `function_call` items for
 * the model's tool calls and `function_call_output` items for our results. Tool arguments always
 * go out as the JSON string the API expects. Only options that are set are sent.
 */
import type {
  FunctionTool,
  ResponseCreateParamsStreaming,
  ResponseInputItem,
  ResponseReasoningItem,
} from 'openai/resources/responses/responses'
import type { ChatMessage, ChatRequest, ModelOptions, ReasoningItem, ToolCall, ToolSpec } from '../types'

function argumentsJson(value: unknown): string {
  if (typeof value === 'string') return value
  return JSON.stringify(value ?? {})
}

function reasoningOut(item: ReasoningItem): ResponseReasoningItem[] {
  if (item.kind !== 'openai_reasoning') return []
  return [
    {
      type: 'reasoning',
      id: item.id,
      summary: item.summary.map((text) => ({ type: 'summary_text', text })),
      ...(item.encrypted_content !== undefined ? { encrypted_content: item.encrypted_content } : {}),
    },
  ]
}

function callOut(call: ToolCall): ResponseInputItem {
  return { type: 'function_call', call_id: call.id, name: call.name, arguments: argumentsJson(call.arguments) }
}

/** The system prompt as `instructions` and the rest of the conversation as input items. */
function toResponsesInput(messages: readonly ChatMessage[]): { instructions?: string; input: ResponseInputItem[] } {
  const system: string[] = []
  const input: ResponseInputItem[] = []
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        system.push(message.content)
        break
      case 'user':
        input.push({ role: 'user', content: message.content })
        break
      case 'assistant':
        for (const item of message.reasoning ?? []) input.push(...reasoningOut(item))
        if (message.content !== '') input.push({ role: 'assistant', content: message.content })
        for (const call of message.tool_calls ?? []) input.push(callOut(call))
        break
      case 'tool':
        input.push({ type: 'function_call_output', call_id: message.tool_call_id, output: message.content })
        break
    }
  }
  return system.length > 0 ? { instructions: system.join('\n\n'), input } : { input }
}

function toResponsesTools(tools: readonly ToolSpec[]): FunctionTool[] {
  return tools.map((tool) => ({
    type: 'function',
    name: tool.name,
    description: tool.description,
    parameters: { ...tool.parameters },
    strict: false,
  }))
}

type SamplingParams = Pick<ResponseCreateParamsStreaming, 'temperature' | 'top_p' | 'max_output_tokens'>

function toResponsesOptions(options: ModelOptions): SamplingParams {
  const out: SamplingParams = {}
  if (options.temperature !== undefined) out.temperature = options.temperature
  if (options.top_p !== undefined) out.top_p = options.top_p
  const limit = options.max_tokens ?? options.num_predict
  if (limit !== undefined && limit > 0) out.max_output_tokens = limit
  return out
}

export function toResponsesRequest(request: ChatRequest): ResponseCreateParamsStreaming {
  const tools = toResponsesTools(request.tools)
  return {
    model: request.model,
    ...toResponsesInput(request.messages),
    ...(tools.length > 0 ? { tools } : {}),
    ...toResponsesOptions(request.options),
    store: false,
    include: ['reasoning.encrypted_content'],
    stream: true,
  }
}
