/**
 * How the fake Ollama counts and truncates a chat prompt, copied from Ollama (server/prompt.go
 * chatPrompt, llm/llama_server.go completionPromptForRequest, server/sched.go effectiveContext):
 * the window is the request's num_ctx (Ollama's default below 24 GiB, 4096, when absent) capped at
 * the model's context_length; the oldest messages are dropped, system messages always kept and the
 * last message always kept, until the rendered prompt fits; a prompt still over num_ctx − 1 is cut
 * by a context shift to num_ctx − (num_ctx − num_keep) / 2 tokens (num_keep 4, api DefaultOptions).
 * prompt_eval_count is the tokens evaluated (llamaServerTimings cache_n + prompt_n). The template is
 * ChatML-like and the tokenizer counts `charsPerToken` characters a token (3: code-like text).
 */
import type { FakeChatBody } from './fake-ollama-server'

export interface PromptCounting {
  /** Characters per token of the fake tokenizer (default 3). */
  charsPerToken?: number
  /** num_ctx when the request sends none (default 4096). */
  defaultNumCtx?: number
}

export interface CountedPrompt {
  /** prompt_eval_count of the reply. */
  tokens: number
  /** The window the prompt was fitted into. */
  numCtx: number
  /** Messages chatPrompt dropped from the front (system messages are never dropped). */
  droppedMessages: number
  /** True when the context shift cut the prompt after dropping messages. */
  shifted: boolean
}

const NUM_KEEP = 4

function render(messages: FakeChatBody['messages'], tools: unknown[]): string {
  let out = tools.length > 0 ? `<|im_start|>tools\n${JSON.stringify(tools)}<|im_end|>\n` : ''
  for (const m of messages) {
    const calls = m.tool_calls ? JSON.stringify(m.tool_calls) : ''
    out += `<|im_start|>${m.role}\n${m.content}${calls}<|im_end|>\n`
  }
  return `${out}<|im_start|>assistant\n`
}

export function countPrompt(body: FakeChatBody, contextLength: number, counting: PromptCounting): CountedPrompt {
  const perToken = counting.charsPerToken ?? 3
  const tokenize = (text: string): number => Math.ceil(text.length / perToken)
  const sent = body.options.num_ctx
  const numCtx = Math.min(typeof sent === 'number' && sent >= 4 ? sent : (counting.defaultNumCtx ?? 4096), contextLength)
  const msgs = body.messages
  const last = msgs.length - 1
  let start = 0
  let tokens = 0
  for (let i = 0; i <= last; i++) {
    const kept = [...msgs.slice(0, i).filter((m) => m.role === 'system'), ...msgs.slice(i)]
    tokens = tokenize(render(kept, body.tools))
    start = i
    if (tokens <= numCtx) break
  }
  if (msgs.length === 0) tokens = tokenize(render([], body.tools))
  const droppedMessages = msgs.slice(0, start).filter((m) => m.role !== 'system').length
  if (tokens <= numCtx - 1) return { tokens, numCtx, droppedMessages, shifted: false }
  const keep = Math.min(NUM_KEEP + 1, numCtx - 1)
  return { tokens: numCtx - Math.max(Math.floor((numCtx - keep) / 2), 1), numCtx, droppedMessages, shifted: true }
}
