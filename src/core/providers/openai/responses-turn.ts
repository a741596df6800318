/**
 * Folds the Responses API stream events of one answer into our chunks: `response.output_text.delta`
 * passes through at once; a function call is collected from `response.output_item.added`, its
 * `response.function_call_arguments.delta` pieces (the `.done` event and the finished item win)
 * and emitted, parsed, when its item is done; a finished reasoning item becomes a `reasoning`
 * chunk to pass back next turn. `response.completed` / `response.incomplete` end the answer with
 * usage (cached and cache-write input tokens included); `response.failed` is a retryable server
 * error. Event types we do not use are ignored.
 */
import { DEFAULT_MAX_LINE_BYTES, lineTooLong } from '../http/bounded-lines'
import type { ResponseStreamEvent, ResponseUsage } from 'openai/resources/responses/responses'
import { ProviderError } from '../../errors'
import type { ProviderChunk, StopReason, TokenUsage } from '../types'

interface PendingCall {
  callId: string
  name: string
  args: string
}

function parsedArguments(raw: string): unknown {
  if (raw.trim() === '') return {}
  try {
    return JSON.parse(raw) as unknown
  } catch {
    return raw
  }
}

function usageOf(usage: ResponseUsage | null | undefined): TokenUsage {
  if (!usage) return { promptTokens: 0, completionTokens: 0 }
  const cached = usage.input_tokens_details?.cached_tokens ?? 0
  const written = usage.input_tokens_details?.cache_write_tokens ?? 0
  return {
    promptTokens: usage.input_tokens ?? 0,
    completionTokens: usage.output_tokens ?? 0,
    ...(cached > 0 ? { cachedPromptTokens: cached } : {}),
    ...(written > 0 ? { cacheWriteTokens: written } : {}),
  }
}

export class ResponsesTurn {
  finished = false
  private readonly calls = new Map<string, PendingCall>()
  private emittedCalls = 0

  accept(event: ResponseStreamEvent): ProviderChunk[] {
    switch (event.type) {
      case 'response.output_text.delta':
        return event.delta ? [{ type: 'text', text: event.delta }] : []
      case 'response.output_item.added':
        if (event.item.type === 'function_call' && event.item.id) {
          this.calls.set(event.item.id, { callId: event.item.call_id, name: event.item.name, args: event.item.arguments ?? '' })
        }
        return []
      case 'response.function_call_arguments.delta': {
        const call = this.calls.get(event.item_id)
        if (call) {
          call.args += event.delta
          if (call.args.length > DEFAULT_MAX_LINE_BYTES) throw lineTooLong(call.args.length, DEFAULT_MAX_LINE_BYTES)
        }
        return []
      }
      case 'response.function_call_arguments.done': {
        const call = this.calls.get(event.item_id)
        if (call) call.args = event.arguments
        return []
      }
      case 'response.output_item.done': {
        const item = event.item
        if (item.type === 'function_call') {
          const pending = item.id ? this.calls.get(item.id) : undefined
          if (item.id) this.calls.delete(item.id)
          this.emittedCalls++
          const args = item.arguments || pending?.args || ''
          return [{ type: 'tool_call', call: { id: item.call_id, name: item.name, arguments: parsedArguments(args) } }]
        }
        if (item.type === 'reasoning') {
          return [
            {
              type: 'reasoning',
              item: {
                kind: 'openai_reasoning',
                id: item.id,
                summary: item.summary.map((part) => part.text),
                ...(item.encrypted_content ? { encrypted_content: item.encrypted_content } : {}),
              },
            },
          ]
        }
        return []
      }
      case 'response.completed':
        return this.finish(this.emittedCalls > 0 ? 'tool_calls' : 'stop', usageOf(event.response.usage))
      case 'response.incomplete': {
        const reason = event.response.incomplete_details?.reason
        return this.finish(reason === 'max_output_tokens' ? 'length' : 'other', usageOf(event.response.usage))
      }
      case 'response.failed': {
        const error = event.response.error
        throw new ProviderError({
          kind: 'server',
          retryable: true,
          message: `OpenAI reported the response as failed${error ? ` (${error.code}: ${error.message})` : ''}; the partial answer was discarded`,
        })
      }
      default:
        return []
    }
  }

  private finish(stopReason: StopReason, usage: TokenUsage): ProviderChunk[] {
    const pending = [...this.calls.values()].map((call): ProviderChunk => ({
      type: 'tool_call',
      call: { id: call.callId, name: call.name, arguments: parsedArguments(call.args) },
    }))
    this.calls.clear()
    this.finished = true
    const stop = pending.length > 0 && stopReason === 'stop' ? 'tool_calls' : stopReason
    return [...pending, { type: 'done', stopReason: stop, usage }]
  }
}
