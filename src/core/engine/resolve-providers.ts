/**
 * Decides which provider and model serve each step, creates one provider instance per name, and
 * preflights every (provider, model) pair before any model call, reporting all problems at once.
 * Precedence: --provider / --model, then PROVIDER, then step > agent > spec, then 'auto'
 * (Ollama when it answers and has the model, otherwise the labelled offline demo).
 */
import type { ServerProvider } from '../../shared/provider-names'
import { OrchestratorError, toErrorInfo } from '../errors'
import { chooseAutoProvider } from '../providers/auto-provider'
import { createProvider, defaultModelFor, OPENAI_API_ENV } from '../providers/provider-registry'
import { timeoutEnvName } from '../providers/provider-settings'
import type { PrepareLocalHook } from '../launcher/prepare-local'
import type { ModelProvider } from '../providers/types'
import type { ResolvedSpec } from '../spec/types'

export interface ProviderOverrides {
  provider?: string
  model?: string
  /** Provider and model pinned per step id (replay pins what the recorded run used). */
  pinned?: Readonly<Record<string, { provider: string; model: string }>>
  /** Ready provider instances by name, used before the registry (tests, embedding apps). */
  providers?: Readonly<Record<string, ModelProvider>>
  /**
   * Optional: called once before any provider is created to make local servers available
   * (start Ollama / mlx_lm.server, pull missing models); its env additions (e.g. the OLLAMA_HOST
   * of a server it started) are what the providers see. See launcher/prepare-local.
   */
  prepareLocal?: PrepareLocalHook
}

const DEMO_NOTICE =
  'using the offline demo provider: deterministic canned output, no model is called; for real generation choose --provider ollama, openai, anthropic or mlx'

export interface StepBinding {
  provider: ModelProvider
  model: string
}

export interface ResolvedProviders {
  bindings: Map<string, StepBinding>
  /** Lines to show the user (e.g. why the demo provider is used). */
  notices: string[]
  /** The run-level provider label for the manifest ('ollama', 'demo', or 'mixed: a, b'). */
  summary: string
}

export async function resolveProviders(
  spec: ResolvedSpec,
  overrides: ProviderOverrides,
  processEnv: NodeJS.ProcessEnv,
  signal: AbortSignal,
): Promise<ResolvedProviders> {
  const baseEnv = withSpecSettings(processEnv, spec)
  const prepared = overrides.prepareLocal
    ? await overrides.prepareLocal({
        spec,
        provider: overrides.provider,
        model: overrides.model,
        injected: Object.keys(overrides.providers ?? {}),
        env: baseEnv,
        signal,
      })
    : undefined
  const env: NodeJS.ProcessEnv = prepared ? { ...baseEnv, ...prepared.env } : baseEnv
  // The spec's ollama_server.num_parallel tunes a server we start; an Ollama we did not start runs with its own.
  if (prepared?.env.OLLAMA_NUM_PARALLEL === undefined) {
    if (processEnv.OLLAMA_NUM_PARALLEL === undefined) delete env.OLLAMA_NUM_PARALLEL
    else env.OLLAMA_NUM_PARALLEL = processEnv.OLLAMA_NUM_PARALLEL
  }
  const instances = new Map<string, ModelProvider>()
  const autoChoices = new Map<string, StepBinding>()
  const bindings = new Map<string, StepBinding>()
  const notices: string[] = [...(prepared?.notices ?? [])]
  let demoExplained = false
  const envProvider = env.PROVIDER?.trim() || undefined

  // Every problem is collected before failing: local servers that could not be started, providers
  // that cannot be created (bad settings), and every (provider, model) preflight.
  const problems: string[] = (prepared?.problems ?? []).map((p) => `${p.provider}: ${p.message}`)
  const broken = new Set((prepared?.problems ?? []).map((p) => p.provider as string))
  const instance = (name: string): ModelProvider | undefined => {
    let provider = instances.get(name)
    if (!provider) {
      if (broken.has(name)) return undefined
      try {
        provider = overrides.providers?.[name] ?? createProvider(name, { env })
      } catch (err) {
        broken.add(name)
        problems.push(`${name}: ${toErrorInfo(err).message}`)
        return undefined
      }
      instances.set(name, provider)
    }
    return provider
  }

  for (const step of spec.steps) {
    const pin = overrides.pinned?.[step.id]
    const name = pin?.provider ?? overrides.provider ?? envProvider ?? step.provider ?? 'auto'
    const requestedModel = pin?.model ?? overrides.model ?? step.model
    if (name === 'auto') {
      const cacheKey = requestedModel ?? ''
      let choice = autoChoices.get(cacheKey)
      if (!choice) {
        const auto = await chooseAutoProvider(requestedModel, { env }, signal)
        if (auto.notice) notices.push(auto.notice)
        // auto's own notice already says why the demo answers
        if (auto.provider.name === 'demo' && auto.notice) demoExplained = true
        const existing = instances.get(auto.provider.name)
        choice = { provider: existing ?? auto.provider, model: auto.model }
        if (!existing) instances.set(auto.provider.name, auto.provider)
        autoChoices.set(cacheKey, choice)
      }
      bindings.set(step.id, choice)
    } else {
      const injected = overrides.providers?.[name] !== undefined
      const provider = instance(name)
      if (provider) bindings.set(step.id, { provider, model: requestedModel ?? (injected ? 'default' : defaultModelFor(name, env)) })
    }
  }

  const pairs = new Map<string, StepBinding>()
  for (const binding of bindings.values()) pairs.set(`${binding.provider.name}\u0000${binding.model}`, binding)
  await Promise.all(
    [...pairs.values()].map(async ({ provider, model }) => {
      try {
        const report = await provider.preflight(model, { signal })
        if (report) notices.push(...report.notices)
      } catch (err) {
        problems.push(`${provider.name} (${model}): ${toErrorInfo(err).message}`)
      }
    }),
  )
  if (problems.length > 0) {
    throw new OrchestratorError({
      kind: 'bad_input',
      retryable: false,
      message: `preflight failed before any model call:\n  - ${problems.sort().join('\n  - ')}`,
    })
  }
  const names = [...new Set([...bindings.values()].map((b) => b.provider.name))].sort()
  if (names.includes('demo') && !demoExplained) notices.push(DEMO_NOTICE)
  return { bindings, notices, summary: names.length === 1 ? (names[0] ?? 'none') : `mixed: ${names.join(', ')}` }
}

const BASE_URL_ENV = {
  ollama: 'OLLAMA_HOST',
  openai: 'OPENAI_BASE_URL',
  anthropic: 'ANTHROPIC_BASE_URL',
  mlx: 'MLX_BASE_URL',
} as const satisfies Record<ServerProvider, string>

/** The spec's provider settings as the variables the SDKs and the launcher read. */
function withSpecSettings(env: NodeJS.ProcessEnv, spec: ResolvedSpec): NodeJS.ProcessEnv {
  // Server tuning from the spec sits under the machine's own OLLAMA_* variables…
  const server = spec.ollama_server
  const tuning: NodeJS.ProcessEnv = {}
  if (server.num_parallel !== undefined) tuning.OLLAMA_NUM_PARALLEL = String(server.num_parallel)
  if (server.max_loaded_models !== undefined) tuning.OLLAMA_MAX_LOADED_MODELS = String(server.max_loaded_models)
  if (server.flash_attention !== undefined) tuning.OLLAMA_FLASH_ATTENTION = server.flash_attention ? '1' : '0'
  if (server.kv_cache_type !== undefined) tuning.OLLAMA_KV_CACHE_TYPE = server.kv_cache_type
  if (server.keep_alive !== undefined) tuning.OLLAMA_KEEP_ALIVE = server.keep_alive
  // …while the spec's base URLs win over the environment's.
  const urls: NodeJS.ProcessEnv = {}
  for (const [provider, url] of Object.entries(spec.base_urls) as [keyof typeof BASE_URL_ENV, string | undefined][]) {
    if (url !== undefined) urls[BASE_URL_ENV[provider]] = url
  }
  // …and so do its provider timeouts and OpenAI API choice.
  const knobs: NodeJS.ProcessEnv = {}
  for (const [provider, t] of Object.entries(spec.provider_timeouts ?? {})) {
    if (t?.connect_ms !== undefined) knobs[timeoutEnvName(provider, 'connect')] = String(t.connect_ms)
    if (t?.first_token_ms !== undefined) knobs[timeoutEnvName(provider, 'first token')] = String(t.first_token_ms)
    if (t?.idle_ms !== undefined) knobs[timeoutEnvName(provider, 'idle')] = String(t.idle_ms)
  }
  if (spec.openai_api !== undefined) knobs[OPENAI_API_ENV] = spec.openai_api
  return { ...tuning, ...env, ...urls, ...knobs }
}
