/**
 * 'auto': use Ollama when it answers GET /api/tags within AUTO_PROBE_TIMEOUT_MS and has the
 * model, otherwise the labelled offline demo provider with a one-line notice that says why and
 * how to get real generation. Only a caller abort is thrown; every other probe failure falls
 * back to the demo.
 */
import { OrchestratorError } from '../errors'
import { abortedError } from '../errors'
import { ollamaHostFromEnv } from './ollama/ollama-host'
import { hasModel, listOllamaModels } from './ollama/ollama-tags'
import { createProvider, defaultModelFor, type ProviderEnv } from './provider-registry'
import type { ModelProvider } from './types'

const AUTO_PROBE_TIMEOUT_MS = 1_500

export interface AutoChoice {
  provider: ModelProvider
  model: string
  notice?: string
}

const FALLBACK = 'using the offline demo provider (canned output)'

function demo(ctx: ProviderEnv, notice: string): AutoChoice {
  return { provider: createProvider('demo', ctx), model: defaultModelFor('demo', ctx.env), notice }
}

export async function chooseAutoProvider(model: string | undefined, ctx: ProviderEnv, signal: AbortSignal): Promise<AutoChoice> {
  const host = ollamaHostFromEnv(ctx.env)
  const wanted = model ?? defaultModelFor('ollama', ctx.env)
  let available: string[]
  try {
    available = await listOllamaModels(host, { signal, timeoutMs: AUTO_PROBE_TIMEOUT_MS })
  } catch (err) {
    if (signal.aborted) throw abortedError(err)
    const kind = err instanceof OrchestratorError ? err.kind : 'internal'
    if (kind === 'network' || kind === 'timeout') {
      return demo(
        ctx,
        `Ollama is not running at ${host} — ${FALLBACK}. For real generation: \`ollama serve\` and \`ollama pull ${wanted}\`.`,
      )
    }
    const why = err instanceof Error ? err.message : String(err)
    return demo(
      ctx,
      `Ollama at ${host} did not answer as expected (${why}) — ${FALLBACK}. For real generation: fix OLLAMA_HOST or restart \`ollama serve\`.`,
    )
  }
  if (!hasModel(available, wanted)) {
    return demo(ctx, `Ollama at ${host} has no model ${wanted} — ${FALLBACK}. For real generation: \`ollama pull ${wanted}\`.`)
  }
  return { provider: createProvider('ollama', ctx), model: wanted }
}
