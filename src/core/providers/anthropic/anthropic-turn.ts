/**
 * Folds the Messages API stream events of one turn into our chunks. Text deltas pass through at
 * once; a tool call's `input_json_delta` pieces are joined per content block and the call is
 * emitted, parsed, when its block stops (a string when the joined JSON does not parse). A thinking
 * block's thinking_delta pieces stream at once as `thinking` chunks (shown as thinking, never as
 * text; a model whose thinking display is "omitted" sends none), and the whole block, with its
 * signature_delta, becomes one `reasoning` chunk when it stops, a redacted_thinking block one at
 * once, so both go back verbatim next turn. Usage comes
 * from message_start and the cumulative message_delta; prompt tokens include cache reads and
 * writes, which are also reported on their own. Event types we do not know, and block kinds we do not use, are ignored; a known
 * event with a malformed shape is a `protocol` error. `finished` is true only after message_stop.
 */
import { DEFAULT_MAX_LINE_BYTES, lineTooLong } from '../http/bounded-lines'
import { z } from 'zod'
import { ProviderError } from '../../errors'
import type { ProviderChunk, StopReason, TokenUsage } from '../types'

const UsageSchema = z
  .object({
    input_tokens: z.number().nullish(),
    output_tokens: z.number().nullish(),
    cache_creation_input_tokens: z.number().nullish(),
    cache_read_input_tokens: z.number().nullish(),
  })
  .loose()

const EventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message_start'), message: z.object({ usage: UsageSchema.optional() }).loose() }),
  z.object({
    type: z.literal('content_block_start'),
    index: z.number(),
    content_block: z
      .object({
        type: z.string(),
        id: z.string().optional(),
        name: z.string().optional(),
        input: z.unknown().optional(),
        thinking: z.string().optional(),
        signature: z.string().optional(),
        data: z.string().optional(),
      })
      .loose(),
  }),
  z.object({
    type: z.literal('content_block_delta'),
    index: z.number(),
    delta: z
      .object({
        type: z.string(),
        text: z.string().optional(),
        partial_json: z.string().optional(),
        thinking: z.string().optional(),
        signature: z.string().optional(),
      })
      .loose(),
  }),
  z.object({ type: z.literal('content_block_stop'), index: z.number() }),
  z.object({
    type: z.literal('message_delta'),
    delta: z.object({ stop_reason: z.string().nullish() }).loose(),
    usage: UsageSchema.nullish(),
  }),
  z.object({ type: z.literal('message_stop') }),
])

const KNOWN_TYPES = new Set([
  'message_start',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
  'message_delta',
  'message_stop',
])

interface ThinkingBlock {
  thinking: string
  signature: string
}

interface ToolBlock {
  id: string
  name: string
  json: string
  initial: unknown
}

type Usage = z.infer<typeof UsageSchema>

function parseArguments(json: string, initial: unknown): unknown {
  if (json.trim() === '') return initial ?? {}
  try {
    return JSON.parse(json) as unknown
  } catch {
    return json
  }
}

function stopReasonOf(raw: string | undefined, sawToolCall: boolean): StopReason {
  switch (raw) {
    case 'tool_use':
      return 'tool_calls'
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length'
    case undefined:
    case 'end_turn':
    case 'stop_sequence':
      return sawToolCall ? 'tool_calls' : 'stop'
    default:
      return 'other'
  }
}

export class AnthropicTurn {
  /** True once any event other than message_start arrived (the model started answering). */
  started = false
  finished = false
  private readonly tools = new Map<number, ToolBlock>()
  private readonly thinking = new Map<number, ThinkingBlock>()
  private calls = 0
  private rawStop: string | undefined
  private readonly usage = { input: 0, cacheWrite: 0, cacheRead: 0, output: 0 }

  /** Takes one parsed SSE event payload and returns the chunks it produces (possibly none). */
  accept(raw: unknown): ProviderChunk[] {
    const type = raw && typeof raw === 'object' && 'type' in raw ? raw.type : undefined
    if (typeof type !== 'string' || !KNOWN_TYPES.has(type)) return []
    const parsed = EventSchema.safeParse(raw)
    if (!parsed.success) {
      throw new ProviderError({
        kind: 'protocol',
        retryable: true,
        message: `Anthropic sent a malformed '${type}' event; the partial answer was discarded`,
      })
    }
    const event = parsed.data
    if (event.type !== 'message_start') this.started = true
    switch (event.type) {
      case 'message_start':
        this.addUsage(event.message.usage)
        return []
      case 'content_block_start':
        if (event.content_block.type === 'tool_use') {
          const { id, name, input } = event.content_block
          this.tools.set(event.index, { id: id ?? `toolu_${event.index}`, name: name ?? '', json: '', initial: input })
        } else if (event.content_block.type === 'thinking') {
          const { thinking, signature } = event.content_block
          this.thinking.set(event.index, { thinking: thinking ?? '', signature: signature ?? '' })
          if (thinking) return [{ type: 'thinking', text: thinking }]
        } else if (event.content_block.type === 'redacted_thinking' && event.content_block.data !== undefined) {
          return [{ type: 'reasoning', item: { kind: 'anthropic_redacted_thinking', data: event.content_block.data } }]
        }
        return []
      case 'content_block_delta': {
        const { delta } = event
        if (delta.type === 'text_delta' && delta.text) return [{ type: 'text', text: delta.text }]
        const block = this.thinking.get(event.index)
        if (block && delta.type === 'thinking_delta' && delta.thinking) {
          block.thinking += delta.thinking
          return [{ type: 'thinking', text: delta.thinking }]
        }
        if (block && delta.type === 'signature_delta' && delta.signature !== undefined) block.signature = delta.signature
        const tool = this.tools.get(event.index)
        if (delta.type === 'input_json_delta' && tool && delta.partial_json !== undefined) {
          tool.json += delta.partial_json
          if (tool.json.length > DEFAULT_MAX_LINE_BYTES) throw lineTooLong(tool.json.length, DEFAULT_MAX_LINE_BYTES)
        }
        return []
      }
      case 'content_block_stop':
        return [...this.closeThinking(event.index), ...this.closeTool(event.index)]
      case 'message_delta':
        if (event.delta.stop_reason) this.rawStop = event.delta.stop_reason
        this.addUsage(event.usage ?? undefined)
        return []
      case 'message_stop': {
        const pending = [...this.tools.keys()].flatMap((index) => this.closeTool(index))
        this.finished = true
        return [...pending, { type: 'done', stopReason: stopReasonOf(this.rawStop, this.calls > 0), usage: this.tokenUsage() }]
      }
    }
  }

  tokenUsage(): TokenUsage {
    const { input, cacheWrite, cacheRead, output } = this.usage
    return {
      promptTokens: input + cacheWrite + cacheRead,
      completionTokens: output,
      ...(cacheRead > 0 ? { cachedPromptTokens: cacheRead } : {}),
      ...(cacheWrite > 0 ? { cacheWriteTokens: cacheWrite } : {}),
    }
  }

  /** A finished thinking block, with the signature the API needs to accept it back next turn. */
  private closeThinking(index: number): ProviderChunk[] {
    const block = this.thinking.get(index)
    if (!block) return []
    this.thinking.delete(index)
    return [{ type: 'reasoning', item: { kind: 'anthropic_thinking', thinking: block.thinking, signature: block.signature } }]
  }

  private closeTool(index: number): ProviderChunk[] {
    const tool = this.tools.get(index)
    if (!tool) return []
    this.tools.delete(index)
    this.calls++
    return [{ type: 'tool_call', call: { id: tool.id, name: tool.name, arguments: parseArguments(tool.json, tool.initial) } }]
  }

  private addUsage(usage: Usage | undefined): void {
    if (!usage) return
    if (typeof usage.input_tokens === 'number') this.usage.input = usage.input_tokens
    if (typeof usage.cache_creation_input_tokens === 'number') this.usage.cacheWrite = usage.cache_creation_input_tokens
    if (typeof usage.cache_read_input_tokens === 'number') this.usage.cacheRead = usage.cache_read_input_tokens
    if (typeof usage.output_tokens === 'number') this.usage.output = usage.output_tokens
  }
}
