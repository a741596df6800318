/**
 * The MLX adapter: `mlx_lm.server` speaks the OpenAI Chat Completions API, so this is the OpenAI
 * adapter with MLX's own name, base URL (MLX_BASE_URL, default http://127.0.0.1:8080/v1), no key,
 * one request at a time, local-model timeouts (a long prompt on a local model must not hit a
 * cloud-sized first-token timeout; the server's `: keepalive` comments restart that timer), a
 * max_tokens on every request (the server's own default is 512), `reasoning` deltas as thinking,
 * and fixes that name `mlx_lm.server` / `pip install mlx-lm`.
 */
import { resolveConcurrency, resolveTimeouts, type ProviderTimeouts } from '../provider-settings'
import type { OpenAIFlavor } from '../openai/openai-errors'
import { createOpenAICompatibleProvider, trimBaseURL } from '../openai/openai-provider'
import type { ModelProvider } from '../types'

export interface MlxConfig {
  baseURL?: string
  /** Only for a proxy in front of the server; mlx_lm.server itself needs none. */
  apiKey?: string
  maxConcurrency?: number
  timeouts?: ProviderTimeouts
}

export const MLX_DEFAULT_BASE_URL = 'http://127.0.0.1:8080/v1'
const MLX_DEFAULT_TIMEOUTS = { connectMs: 10_000, firstTokenMs: 300_000, idleMs: 120_000 } as const
const MLX_DEFAULT_CONCURRENCY = 1
/** mlx_lm.server stops at its --max-tokens (512) when a request names no limit: too short to write a file. */
export const MLX_DEFAULT_MAX_TOKENS = 4096

const MLX_FLAVOR: OpenAIFlavor = {
  display: 'MLX',
  provider: 'mlx',
  baseUrlEnv: 'MLX_BASE_URL',
  unreachableFix: () =>
    'start it with `mlx_lm.server --model <id> --port 8080` (install it with `pip install mlx-lm`), or set MLX_BASE_URL to where it runs',
  noReplyHint:
    "mlx_lm.server does this when a request parameter fails its checks (its log shows the ValueError) or when it crashes; check the server's log",
  modelFix: (model) => `start the server with \`mlx_lm.server --model ${model}\` (or set MLX_MODEL to a model it serves)`,
}

export function mlxBaseUrlFromEnv(env: NodeJS.ProcessEnv): string {
  return trimBaseURL(env.MLX_BASE_URL?.trim() || MLX_DEFAULT_BASE_URL)
}

export function createMlxProvider(config: MlxConfig = {}): ModelProvider {
  const baseURL = trimBaseURL(config.baseURL?.trim() || MLX_DEFAULT_BASE_URL)
  return createOpenAICompatibleProvider({
    name: 'mlx',
    label: `MLX (${baseURL})`,
    flavor: MLX_FLAVOR,
    apiKey: config.apiKey?.trim() || undefined,
    requiresKey: false,
    placeholderKey: 'mlx-local',
    ignoreOpenAIAccountEnv: true,
    baseURL,
    maxConcurrency: resolveConcurrency(config.maxConcurrency, MLX_DEFAULT_CONCURRENCY),
    ...resolveTimeouts(config.timeouts, MLX_DEFAULT_TIMEOUTS),
    maxTokensField: 'max_tokens',
    defaultMaxTokens: MLX_DEFAULT_MAX_TOKENS,
  })
}
