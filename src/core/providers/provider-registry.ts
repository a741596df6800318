/**
 * The one place provider names from specs, flags and PROVIDER become adapter instances, and
 * where each provider's default model lives. Unknown names fail with `bad_input` listing the
 * known ones. 'auto' is resolved asynchronously by chooseAutoProvider, never here.
 */
import { OrchestratorError } from '../errors'
import { createDemoProvider, DEMO_MODEL } from './demo-provider'
import { ollamaHostFromEnv } from './ollama-host'
import { createOllamaProvider, OLLAMA_DEFAULT_CONCURRENCY } from './ollama-provider'
import type { ModelProvider } from './types'

export const KNOWN_PROVIDERS: readonly string[] = Object.freeze(['auto', 'ollama', 'demo'])

export const DEFAULT_OLLAMA_MODEL = 'qwen2.5-coder:7b'

export interface ProviderEnv {
  env: NodeJS.ProcessEnv
}

function unknownProvider(name: string): OrchestratorError {
  return new OrchestratorError({
    kind: 'bad_input',
    retryable: false,
    message: `unknown provider '${name}'; use one of: ${KNOWN_PROVIDERS.join(', ')}`,
  })
}

function ollamaConcurrency(env: NodeJS.ProcessEnv): number {
  const parallel = Math.floor(Number(env.OLLAMA_NUM_PARALLEL))
  return parallel > 0 ? parallel : OLLAMA_DEFAULT_CONCURRENCY
}

export function createProvider(name: string, ctx: ProviderEnv): ModelProvider {
  switch (name) {
    case 'ollama':
      return createOllamaProvider({ host: ollamaHostFromEnv(ctx.env), maxConcurrency: ollamaConcurrency(ctx.env) })
    case 'demo':
      return createDemoProvider()
    case 'auto':
      throw new OrchestratorError({
        kind: 'internal',
        retryable: false,
        message: "provider 'auto' is chosen at run start with chooseAutoProvider(), not createProvider()",
      })
    default:
      throw unknownProvider(name)
  }
}

export function defaultModelFor(provider: string, env: NodeJS.ProcessEnv): string {
  switch (provider) {
    case 'auto':
    case 'ollama':
      return env.OLLAMA_MODEL?.trim() || DEFAULT_OLLAMA_MODEL
    case 'demo':
      return DEMO_MODEL
    default:
      throw unknownProvider(provider)
  }
}
