/**
 * The hook `resolveProviders` calls before it creates providers, so a run on a local model just
 * works: for every step whose provider is Ollama (named, or 'auto'), it reuses or starts Ollama
 * and pulls missing models with progress; for MLX it reuses or starts `mlx_lm.server`. It
 * returns the environment the providers must see (OLLAMA_HOST / MLX_BASE_URL of a server it
 * started, and the OLLAMA_NUM_PARALLEL it was started with, so the scheduler's limit matches). For 'auto' nothing here is fatal — auto still falls back to the demo; for a named
 * provider a missing binary is a problem naming how to install it. Ollama and MLX are prepared
 * side by side and neither hides the other: their problems are returned, not thrown, and a
 * failed pull is reported (`pull_failed`); the preflight then lists every problem at once. `close()` stops only
 * the servers this preparer started.
 */
import { abortedError, toErrorInfo } from '../errors'
import { defaultModelFor } from '../providers/provider-registry'
import { hasModel } from '../providers/ollama/ollama-tags'
import type { ResolvedSpec } from '../spec/types'
import type { HardwareInfo } from '../machine/hardware'
import type { LaunchProgressFn } from './launch-events'
import { ensureMlx, type MlxHandle } from './mlx-launcher'
import { ensureOllama, type OllamaHandle } from './ollama-launcher'

export interface LocalPrepareRequest {
  spec: ResolvedSpec
  /** --provider / --model, which win over PROVIDER and the spec. */
  provider?: string
  model?: string
  /** Provider names the caller supplies itself (nothing is started for them). */
  injected?: readonly string[]
  env: NodeJS.ProcessEnv
  signal: AbortSignal
}

interface LocalPrepareResult {
  /** Variables to add to the env the providers are created with. */
  env: Record<string, string>
  notices: string[]
  /** Local servers that could not be made available (each with the fix); preflight lists them with every other problem. */
  problems?: { provider: 'ollama' | 'mlx'; message: string }[]
}

export type PrepareLocalHook = (request: LocalPrepareRequest) => Promise<LocalPrepareResult>

export interface LocalPreparerOptions {
  onProgress?: LaunchProgressFn
  hardware?: HardwareInfo
  bundledOllama?: string
  wellKnown?: Parameters<typeof ensureOllama>[0]['wellKnown']
  /** Pull missing Ollama models (default true). */
  pull?: boolean
  deadlineMs?: number
}

export interface LocalPreparer {
  prepare: PrepareLocalHook
  close(): Promise<void>
}

interface LocalNeeds {
  ollama: { models: Set<string>; required: boolean } | null
  mlx: { models: Set<string> } | null
}

function mlxDefaultModel(env: NodeJS.ProcessEnv): string {
  try {
    return defaultModelFor('mlx', env)
  } catch {
    return env.MLX_MODEL?.trim() || 'mlx-community/Qwen2.5-Coder-7B-Instruct-4bit'
  }
}

/** Which local servers the run needs, with the same precedence as resolveProviders. */
export function localNeeds(request: Omit<LocalPrepareRequest, 'signal'>): LocalNeeds {
  const needs: LocalNeeds = { ollama: null, mlx: null }
  const envProvider = request.env.PROVIDER?.trim() || undefined
  for (const step of request.spec.steps) {
    const name = request.provider ?? envProvider ?? step.provider ?? 'auto'
    if (request.injected?.includes(name === 'auto' ? 'ollama' : name)) continue
    const model = request.model ?? step.model
    if (name === 'ollama' || name === 'auto') {
      needs.ollama ??= { models: new Set(), required: false }
      needs.ollama.models.add(model ?? defaultModelFor('ollama', request.env))
      if (name === 'ollama') needs.ollama.required = true
    } else if (name === 'mlx') {
      needs.mlx ??= { models: new Set() }
      needs.mlx.models.add(model ?? mlxDefaultModel(request.env))
    }
  }
  return needs
}

export function createLocalPreparer(options: LocalPreparerOptions = {}): LocalPreparer {
  const started: (OllamaHandle | MlxHandle)[] = []

  async function prepareOllama(
    need: NonNullable<LocalNeeds['ollama']>,
    request: LocalPrepareRequest,
    result: LocalPrepareResult,
  ): Promise<void> {
    let handle: OllamaHandle
    try {
      handle = await ensureOllama({
        env: request.env,
        hardware: options.hardware,
        onProgress: options.onProgress,
        signal: request.signal,
        bundledOllama: options.bundledOllama,
        wellKnown: options.wellKnown,
        deadlineMs: options.deadlineMs,
      })
    } catch (err) {
      if (need.required || request.signal.aborted) throw err
      return
    }
    if (handle.startedByUs) started.push(handle)
    result.env.OLLAMA_HOST = handle.host
    if (handle.startedByUs) result.env.OLLAMA_NUM_PARALLEL = String(handle.profile.server.OLLAMA_NUM_PARALLEL)
    if (handle.startedByUs)
      result.notices.push(`started Ollama at ${handle.host} for this run (tuned for ${handle.profile.name}); it stops when the run ends`)
    if (options.pull === false) return
    const present = await handle.models(request.signal).catch(() => null)
    if (present === null) return
    for (const model of [...need.models].sort()) {
      if (hasModel(present, model)) continue
      try {
        await handle.pull(model, (progress) => options.onProgress?.({ type: 'pull', model, progress }), request.signal)
        result.notices.push(`pulled ${model} into Ollama`)
      } catch (err) {
        if (request.signal.aborted) throw err
        options.onProgress?.({ type: 'pull_failed', model, message: toErrorInfo(err).message })
      }
    }
  }

  async function prepareMlx(need: NonNullable<LocalNeeds['mlx']>, request: LocalPrepareRequest, result: LocalPrepareResult): Promise<void> {
    const [model, ...others] = [...need.models]
    if (model === undefined) return
    const handle = await ensureMlx({
      env: request.env,
      model,
      onProgress: options.onProgress,
      signal: request.signal,
      deadlineMs: options.deadlineMs,
    })
    if (handle.startedByUs) {
      started.push(handle)
      result.notices.push(`started mlx_lm.server for ${model} at ${handle.baseUrl}; it stops when the run ends`)
    }
    result.env.MLX_BASE_URL = handle.baseUrl
    if (others.length > 0) result.notices.push(`the MLX server was started for ${model}; it loads ${others.join(', ')} on first use`)
  }

  return {
    async prepare(request) {
      const result: LocalPrepareResult = { env: {}, notices: [] }
      const needs = localNeeds(request)
      const problems: NonNullable<LocalPrepareResult['problems']> = []
      const attempt = async (provider: 'ollama' | 'mlx', work: () => Promise<void>): Promise<void> => {
        try {
          await work()
        } catch (err) {
          if (request.signal.aborted) throw err
          problems.push({ provider, message: toErrorInfo(err).message })
        }
      }
      const { ollama, mlx } = needs
      await Promise.all([
        ollama ? attempt('ollama', () => prepareOllama(ollama, request, result)) : undefined,
        mlx ? attempt('mlx', () => prepareMlx(mlx, request, result)) : undefined,
      ])
      if (request.signal.aborted) throw abortedError()
      return problems.length > 0 ? { ...result, problems } : result
    },
    async close() {
      await Promise.all(started.splice(0).map((handle) => handle.stop()))
    },
  }
}
