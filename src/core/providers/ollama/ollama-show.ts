/**
 * Asks an Ollama server what a model can do (POST /api/show through the real client): its
 * `capabilities` ("completion", "tools", "thinking", …), `general.architecture` and `<arch>.context_length` from
 * `model_info`. `capabilities` is `omitempty` in api/types.go ShowResponse, so its absence (an older
 * Ollama, or a model reporting none) says nothing. Best effort: any failure other than
 * the caller’s abort yields what is known (possibly nothing), never an error.
 */
import { Ollama } from 'ollama'
import { z } from 'zod'
import { abortedError } from '../../errors'
import { Exchange } from './ollama-exchange'
import { OLLAMA_ADVICE_SOURCE, OLLAMA_RECOMMENDED_LOCAL_MODELS, OLLAMA_RECOMMENDED_MODEL } from './ollama-model-advice'

const ShowSchema = z
  .object({
    capabilities: z.array(z.string()).optional(),
    model_info: z.record(z.string(), z.unknown()).optional(),
  })
  .loose()

export interface OllamaModelFacts {
  /** Absent when the server does not report capabilities (Ollama before /api/show had them). */
  capabilities?: string[]
  /** `model_info["general.architecture"]` (Ollama's model family, e.g. 'qwen35'). */
  architecture?: string
  /** The model's trained context length, from `model_info["<arch>.context_length"]`. */
  contextLength?: number
}

export interface ShowModelOptions {
  signal: AbortSignal
  timeoutMs: number
  fetch?: typeof fetch
}

function contextLengthOf(info: Record<string, unknown> | undefined): number | undefined {
  if (!info) return undefined
  const arch = info['general.architecture']
  const key = typeof arch === 'string' ? `${arch}.context_length` : Object.keys(info).find((k) => k.endsWith('.context_length'))
  const value = key === undefined ? undefined : info[key]
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined
}

export async function showOllamaModel(host: string, model: string, options: ShowModelOptions): Promise<OllamaModelFacts> {
  if (options.signal.aborted) throw abortedError()
  const exchange = new Exchange(options.signal)
  const client = new Ollama({ host, fetch: exchange.instrument(options.fetch ?? exchange.transport()) })
  exchange.arm('connect', options.timeoutMs)
  try {
    const raw: unknown = await client.show({ model })
    const parsed = ShowSchema.safeParse(raw)
    if (!parsed.success) return {}
    const contextLength = contextLengthOf(parsed.data.model_info)
    const architecture = parsed.data.model_info?.['general.architecture']
    return {
      ...(typeof architecture === 'string' && architecture !== '' ? { architecture } : {}),
      ...(parsed.data.capabilities ? { capabilities: parsed.data.capabilities } : {}),
      ...(contextLength !== undefined ? { contextLength } : {}),
    }
  } catch {
    if (options.signal.aborted) throw abortedError()
    return {}
  } finally {
    exchange.disarm()
  }
}

/** The preflight notice for a model whose capabilities lack "tools"; undefined when it has them or none are reported. */
export function toolSupportNotice(host: string, model: string, facts: OllamaModelFacts): string | undefined {
  const caps = facts.capabilities
  if (caps === undefined || caps.includes('tools')) return undefined
  const listed = caps.length > 0 ? caps.join(', ') : 'none'
  return `Ollama at ${host} reports that ${model} cannot call tools (its capabilities: ${listed}), so steps that use tools will not work with it; ${OLLAMA_ADVICE_SOURCE} recommends ${OLLAMA_RECOMMENDED_LOCAL_MODELS.join(' or ')} (OLLAMA_MODEL=${OLLAMA_RECOMMENDED_MODEL})`
}
