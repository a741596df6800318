/**
 * Warns when a prompt nears the context window of a server that truncates it silently (providers
 * with `contextLimit`: Ollama). Before a call the prompt is estimated at one token per four
 * characters of its messages and tools (the estimate of Ollama's own agent/compactor.go), scaled by
 * what this model's earlier replies in the run counted (prompt_eval_count over the estimate; the
 * scale only grows after the first reply, so the estimate errs towards warning). After the call
 * the counted tokens confirm it. The threshold is 80% of the window, where Ollama's agent compacts
 * (defaultCompactionThreshold). A reply whose prompt filled the window, or that counted under 90% of
 * a prompt estimated above the window, is reported as truncated. At most one warning and one
 * truncation event per step. No I/O: one pass over message lengths, cached per message object.
 */
import type { ChatMessage, ChatRequest, ContextLimit, ModelProvider, TokenUsage, ToolSpec } from '../providers/types'
import type { RunRecorder } from '../run/run-recorder'

const CONTEXT_WARN_FRACTION = 0.8
const CHARS_PER_TOKEN = 4
const MESSAGE_OVERHEAD_CHARS = 16
/** Bounds the learned scale, so one odd count (a tiny prompt, a template-heavy model) cannot silence or flood warnings. */
const MAX_SCALE = 4

interface RunWatch {
  warned: Set<string>
  truncated: Set<string>
  /** Counted over estimated prompt tokens, per provider/model. */
  scale: Map<string, number>
}

const runs = new WeakMap<RunRecorder, RunWatch>()
const messageChars = new WeakMap<ChatMessage, number>()
const toolChars = new WeakMap<readonly ToolSpec[], number>()

function charsOf(message: ChatMessage): number {
  const known = messageChars.get(message)
  if (known !== undefined) return known
  let chars = MESSAGE_OVERHEAD_CHARS + message.content.length
  if (message.role === 'assistant')
    for (const call of message.tool_calls ?? []) chars += call.name.length + JSON.stringify(call.arguments ?? '').length
  messageChars.set(message, chars)
  return chars
}

function estimatePromptChars(request: ChatRequest): number {
  let chars = 0
  for (const message of request.messages) chars += charsOf(message)
  let tools = toolChars.get(request.tools)
  if (tools === undefined) {
    tools = request.tools.length > 0 ? JSON.stringify(request.tools).length : 0
    toolChars.set(request.tools, tools)
  }
  return chars + tools
}

export interface ContextWatch {
  /** After a live reply: confirms the estimate with the server's count, reports truncation. */
  afterReply(usage: TokenUsage): void
}

function percent(part: number, whole: number): number {
  return Math.round((part / whole) * 100)
}

/** Checks one model call before it starts; undefined when the provider reports no window. */
export function watchContext(recorder: RunRecorder, step: string, provider: ModelProvider, request: ChatRequest): ContextWatch | undefined {
  const limit: ContextLimit | undefined = provider.contextLimit?.(request)
  if (!limit || limit.tokens <= 0) return undefined
  let run = runs.get(recorder)
  if (!run) {
    run = { warned: new Set(), truncated: new Set(), scale: new Map() }
    runs.set(recorder, run)
  }
  const state = run
  const model = request.model
  const scaleKey = `${provider.name}/${model}`
  const rough = Math.ceil(estimatePromptChars(request) / CHARS_PER_TOKEN)
  const estimate = Math.ceil(rough * (state.scale.get(scaleKey) ?? 1))
  const threshold = limit.tokens * CONTEXT_WARN_FRACTION
  const emit = (tokens: number, measured: boolean, truncated: boolean, message: string): void => {
    recorder.record({
      type: 'step.context_warning',
      step,
      provider: provider.name,
      model,
      prompt_tokens: tokens,
      context_tokens: limit.tokens,
      measured,
      truncated,
      message,
    })
  }
  const window = `the ${limit.tokens}-token context window ${provider.name} gives ${model}`
  const nearing = (tokens: number, measured: boolean): void => {
    if (state.warned.has(step)) return
    state.warned.add(step)
    const what = measured ? `${provider.name} counted ${tokens} prompt tokens` : `the prompt is about ${tokens} tokens`
    const over = tokens > limit.tokens ? ', more than fits' : ''
    emit(
      tokens,
      measured,
      false,
      `${what}, ${percent(tokens, limit.tokens)}% of ${window}${over}; ${provider.name} truncates a prompt that does not fit without an error — ${limit.advice(tokens)}`,
    )
  }
  if (estimate >= threshold) nearing(estimate, false)

  return {
    afterReply(usage) {
      const counted = usage.promptTokens
      if (counted <= 0) return
      const filled = counted >= limit.tokens - 1
      const dropped = estimate > limit.tokens && counted < estimate * 0.9
      if (filled || dropped) {
        if (state.truncated.has(step)) return
        state.truncated.add(step)
        state.warned.add(step)
        const how = filled
          ? `its prompt filled ${window} (${counted} tokens counted)`
          : `it counted ${counted} prompt tokens of about ${estimate} sent, in ${window}`
        emit(
          counted,
          true,
          true,
          `${provider.name} truncated the prompt: ${how}; the oldest messages or the start of the prompt were dropped without an error, so the answer may ignore them — ${limit.advice(Math.max(counted, estimate))}`,
        )
        return
      }
      const observed = Math.min(MAX_SCALE, Math.max(1 / MAX_SCALE, counted / Math.max(1, rough)))
      const previous = state.scale.get(scaleKey)
      state.scale.set(scaleKey, previous === undefined ? observed : Math.max(previous, observed))
      if (counted >= threshold) nearing(counted, true)
    },
  }
}
