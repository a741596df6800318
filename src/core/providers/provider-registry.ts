/**
 * The one place provider names from specs, flags and PROVIDER become adapter instances, and
 * where each provider's default model lives. Unknown names fail with `bad_input` listing the
 * known ones. 'auto' is resolved asynchronously by chooseAutoProvider, never here.
 */
import { PROVIDER_CHOICES } from '../../shared/provider-names'
import { OrchestratorError } from '../errors'
import { createAnthropicProvider } from './anthropic/anthropic-provider'
import { createDemoProvider, DEMO_MODEL } from './demo/demo-provider'
import { createMlxProvider, mlxBaseUrlFromEnv } from './mlx/mlx-provider'
import { ollamaHostFromEnv } from './ollama/ollama-host'
import { ollamaSlotHint, servingParallelism } from '../machine/ollama-parallelism'
import { profileFromEnv } from '../machine/tuning-profile'
import { createOllamaProvider } from './ollama/ollama-provider'
import { createOpenAIProvider, type OpenAIApi } from './openai/openai-provider'
import { timeoutsFromEnv } from './provider-settings'
import type { ModelProvider } from './types'

/** Every name `createProvider` or auto-selection accepts (src/shared/provider-names.ts). */
export const KNOWN_PROVIDERS: readonly string[] = PROVIDER_CHOICES

/** Ollama's launcher's own recommendation for local agent work (ollama-model-advice.ts); qwen2.5-coder is flagged there as poor. */
const DEFAULT_OLLAMA_MODEL = 'qwen3.5'
/** OpenAI's balanced current model (SDK 7.57 ChatModel list); spoken to through the Responses API. */
export const DEFAULT_OPENAI_MODEL = 'gpt-5.6-terra'
const DEFAULT_MLX_MODEL = 'mlx-community/Qwen2.5-Coder-7B-Instruct-4bit'
/** The model the installed @anthropic-ai/sdk (1.13) uses in its own examples and lists as current. */
export const DEFAULT_ANTHROPIC_MODEL = 'claude-sonnet-5-5'

export const OPENAI_API_ENV = 'OPENAI_API'

/** OPENAI_API (chat | responses) from the environment or the spec's `openai_api:`; unset = chosen from the base URL. */
export function openAIApiFromEnv(env: NodeJS.ProcessEnv): OpenAIApi | undefined {
  const raw = env[OPENAI_API_ENV]?.trim().toLowerCase()
  if (!raw) return undefined
  if (raw === 'chat' || raw === 'responses') return raw
  throw new OrchestratorError({
    kind: 'bad_input',
    retryable: false,
    message: `${OPENAI_API_ENV}='${raw}' is not an OpenAI API; use 'responses' (OpenAI's own models) or 'chat' (Chat Completions, for OpenAI-compatible servers)`,
  })
}

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

export function createProvider(name: string, ctx: ProviderEnv): ModelProvider {
  switch (name) {
    case 'ollama':
      return createOllamaProvider({
        host: ollamaHostFromEnv(ctx.env),
        // The serving Ollama's parallelism: what the launcher started it with, else the user's OLLAMA_NUM_PARALLEL, else Ollama's 1.
        maxConcurrency: servingParallelism(ctx.env),
        slotHint: ollamaSlotHint(servingParallelism(ctx.env)),
        defaultOptions: profileFromEnv(ctx.env).options,
        ...timeoutsFromEnv('ollama', ctx.env),
      })
    case 'anthropic':
      return createAnthropicProvider({ env: ctx.env, timeouts: timeoutsFromEnv('anthropic', ctx.env) })
    case 'openai':
      return createOpenAIProvider({
        apiKey: ctx.env.OPENAI_API_KEY,
        baseURL: ctx.env.OPENAI_BASE_URL,
        api: openAIApiFromEnv(ctx.env),
        timeouts: timeoutsFromEnv('openai', ctx.env),
      })
    case 'mlx':
      return createMlxProvider({ baseURL: mlxBaseUrlFromEnv(ctx.env), timeouts: timeoutsFromEnv('mlx', ctx.env) })
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
    case 'anthropic':
      return env.ANTHROPIC_MODEL?.trim() || DEFAULT_ANTHROPIC_MODEL
    case 'openai':
      return env.OPENAI_MODEL?.trim() || DEFAULT_OPENAI_MODEL
    case 'mlx':
      return env.MLX_MODEL?.trim() || DEFAULT_MLX_MODEL
    case 'demo':
      return DEMO_MODEL
    default:
      throw unknownProvider(provider)
  }
}
