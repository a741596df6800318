/**
 * Asks an Ollama server which models it has (GET /api/tags through the real client), bounded by
 * a timeout and the caller's signal. Used by the adapter's preflight and by auto selection.
 * `name` and `name:latest` are the same model.
 */
import { Ollama } from 'ollama'
import { z } from 'zod'
import { abortedError, ProviderError } from '../../errors'
import { classifyOllamaFailure } from './ollama-errors'
import { Exchange } from './ollama-exchange'

const TagsSchema = z.object({
  models: z.array(z.object({ name: z.string().optional(), model: z.string().optional() }).loose()),
})

export interface ListModelsOptions {
  signal: AbortSignal
  timeoutMs: number
  fetch?: typeof fetch
}

export function canonicalModelName(name: string): string {
  const trimmed = name.trim()
  const lastSegment = trimmed.slice(trimmed.lastIndexOf('/') + 1)
  return lastSegment.includes(':') ? trimmed : `${trimmed}:latest`
}

export function hasModel(available: readonly string[], model: string): boolean {
  const wanted = canonicalModelName(model)
  return available.some((name) => canonicalModelName(name) === wanted)
}

export async function listOllamaModels(host: string, options: ListModelsOptions): Promise<string[]> {
  if (options.signal.aborted) throw abortedError()
  const exchange = new Exchange(options.signal)
  const client = new Ollama({ host, fetch: exchange.instrument(options.fetch ?? exchange.transport()) })
  exchange.arm('connect', options.timeoutMs)
  try {
    const raw: unknown = await client.list()
    const parsed = TagsSchema.safeParse(raw)
    if (!parsed.success)
      throw new ProviderError({
        kind: 'protocol',
        retryable: false,
        message: `the server at ${host} did not answer /api/tags like Ollama does; check OLLAMA_HOST`,
      })
    return parsed.data.models.flatMap((m) => [m.name ?? m.model].filter((n): n is string => typeof n === 'string'))
  } catch (err) {
    const failure = classifyOllamaFailure(err, { host, callerSignal: options.signal, facts: exchange.facts })
    if (failure.kind !== 'protocol') throw failure
    throw new ProviderError(
      { kind: 'protocol', retryable: false, message: `the server at ${host} did not answer /api/tags like Ollama does; check OLLAMA_HOST` },
      { cause: err },
    )
  } finally {
    exchange.disarm()
  }
}
