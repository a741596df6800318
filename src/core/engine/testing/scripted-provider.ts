/**
 * A scripted ModelProvider for engine tests: each chat call is answered by a script function
 * that sees the request and returns chunks (optionally with delays) or throws a ProviderError.
 * Honours the AbortSignal like a real adapter. Records every call for assertions.
 */
import { ProviderError } from '../../errors'
import type { ChatRequest, ModelProvider, ProviderChunk, ToolCall } from '../../providers/types'

export interface ScriptedReply {
  text?: string[]
  toolCalls?: ToolCall[]
  /** Milliseconds to wait before each chunk. */
  delayMs?: number
  /** Omit the final done chunk (a torn stream). */
  omitDone?: boolean
}

export type Script = (request: ChatRequest, call: number) => ScriptedReply | Promise<ScriptedReply>

export interface ScriptedProvider extends ModelProvider {
  readonly calls: { request: ChatRequest; startedAt: number; endedAt?: number }[]
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(aborted())
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(aborted())
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

function aborted(): ProviderError {
  return new ProviderError({ kind: 'aborted', message: 'request aborted', retryable: false })
}

export function createScriptedProvider(script: Script, options: { name?: string; maxConcurrency?: number } = {}): ScriptedProvider {
  const calls: ScriptedProvider['calls'] = []
  return {
    name: options.name ?? 'scripted',
    label: 'scripted test provider',
    offline: true,
    maxConcurrency: options.maxConcurrency ?? 4,
    calls,
    async preflight(): Promise<void> {},
    async *chat(request, { signal }): AsyncIterable<ProviderChunk> {
      const record: ScriptedProvider['calls'][number] = { request: structuredClone(request), startedAt: performance.now() }
      calls.push(record)
      try {
        const reply = await script(request, calls.length)
        const chunks: ProviderChunk[] = [
          ...(reply.text ?? []).map((text): ProviderChunk => ({ type: 'text', text })),
          ...(reply.toolCalls ?? []).map((call): ProviderChunk => ({ type: 'tool_call', call })),
        ]
        if (!reply.omitDone) {
          chunks.push({
            type: 'done',
            stopReason: reply.toolCalls?.length ? 'tool_calls' : 'stop',
            usage: { promptTokens: 10, completionTokens: (reply.text ?? []).join('').length },
          })
        }
        for (const chunk of chunks) {
          if (reply.delayMs) await wait(reply.delayMs, signal)
          if (signal.aborted) throw aborted()
          yield chunk
        }
      } finally {
        record.endedAt = performance.now()
      }
    },
  }
}

/** A reply that writes the given files through write_file tool calls. */
export function writeFiles(files: Record<string, string>, text = 'Writing files.'): ScriptedReply {
  return {
    text: [text],
    toolCalls: Object.entries(files).map(([path, content], i) => ({ id: `call_${i}`, name: 'write_file', arguments: { path, content } })),
  }
}

/** True when the request already carries tool results (the model's follow-up turn). */
export function hasToolResults(request: ChatRequest): boolean {
  return request.messages.some((m) => m.role === 'tool')
}
