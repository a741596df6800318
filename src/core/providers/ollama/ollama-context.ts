/**
 * The context window an Ollama chat really gets, and the fix when a prompt nears it. Ollama keeps
 * `num_ctx` tokens of prompt plus answer, capped at the model's trained `context_length`
 * (server/sched.go effectiveContext). Beyond it Ollama does not fail: server/prompt.go chatPrompt
 * drops the oldest non-system messages until the prompt fits, and llm/llama_server.go
 * completionPromptForRequest cuts a prompt that still does not fit ("truncating input prompt", a
 * server-log warning only). Without a num_ctx we send, Ollama picks one from free memory, so the
 * window is unknown and no limit is given.
 */
import type { ContextLimit } from '../types'

function suggestedNumCtx(needed: number, modelMax: number | undefined): number {
  let size = 4096
  while (size < needed * 1.25) size *= 2
  return modelMax === undefined ? size : Math.min(size, modelMax)
}

export function ollamaContextLimit(model: string, numCtx: number | undefined, modelMax: number | undefined): ContextLimit | undefined {
  if (numCtx === undefined) return undefined
  const tokens = modelMax === undefined ? numCtx : Math.min(numCtx, modelMax)
  return {
    tokens,
    advice(needed) {
      if (modelMax !== undefined && tokens >= modelMax) {
        return `${tokens} is ${model}'s own maximum (its context_length); give the step less input or use a model with a longer context`
      }
      const size = suggestedNumCtx(needed, modelMax)
      const room = modelMax === undefined ? '' : ` (${model} allows up to ${modelMax})`
      return `raise num_ctx: \`options: {num_ctx: ${size}}\` in the spec, or OLLAMA_NUM_CTX=${size} when the spec sets none${room}; a larger window needs more memory`
    },
  }
}
