/**
 * Makes an MLX server available for one model: reuses a server already answering
 * `GET /v1/models` at MLX_BASE_URL, otherwise starts `mlx_lm.server --model <id> --port <p>`
 * (or `python3 -m mlx_lm.server …`) on 127.0.0.1 with the same lifecycle as Ollama: health
 * deadline (long by default — the first start may download the model), restart with backoff,
 * stop only what we started. Missing → a `bad_input` error saying `pip install mlx-lm`.
 */
import { z } from 'zod'
import { abortedError, OrchestratorError } from '../errors'
import { mlxBaseUrlFromEnv } from '../providers/mlx/mlx-provider'
import { findMlxServer, MLX_INSTALL_HINT, type FoundBinary } from './find-binary'
import { freePort } from './free-port'
import { probeJson } from './http-probe'
import type { LaunchProgressFn } from './launch-events'
import { startManagedServer, type ManagedServer } from './managed-server'

export interface EnsureMlxOptions {
  env: NodeJS.ProcessEnv
  model: string
  onProgress?: LaunchProgressFn
  signal?: AbortSignal
  /** How long a started server may take to answer (default 10 min: it may download the model). */
  deadlineMs?: number
  maxRestarts?: number
  restartDelayMs?: number
  pickPort?: () => Promise<number>
  probeTimeoutMs?: number
}

export interface MlxHandle {
  /** OpenAI-style base URL, ending in /v1. */
  baseUrl: string
  startedByUs: boolean
  binary: FoundBinary | null
  stop(): Promise<void>
  models(signal?: AbortSignal): Promise<string[]>
}

const MLX_START_DEADLINE_MS = 600_000
const LOCAL_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '::1', '[::1]'])
const ModelsSchema = z.object({ data: z.array(z.object({ id: z.string() }).loose()) }).loose()

/** Model ids when an MLX (OpenAI-style) server answers GET <baseUrl>/models, else null. */
export async function mlxModels(baseUrl: string, timeoutMs: number, signal?: AbortSignal): Promise<string[] | null> {
  const parsed = ModelsSchema.safeParse(await probeJson(`${baseUrl}/models`, timeoutMs, signal))
  return parsed.success ? parsed.data.data.map((m) => m.id) : null
}

function mlxMissingError(): OrchestratorError {
  return new OrchestratorError({
    kind: 'bad_input',
    retryable: false,
    message: `no MLX server is running and \`mlx_lm.server\` was not found; ${MLX_INSTALL_HINT}`,
  })
}

function handle(baseUrl: string, binary: FoundBinary | null, server: ManagedServer | null): MlxHandle {
  return {
    baseUrl,
    startedByUs: server !== null,
    binary,
    stop: async () => server?.stop(),
    models: async (signal) => {
      const models = await mlxModels(baseUrl, 10_000, signal)
      if (models === null)
        throw new OrchestratorError({
          kind: 'network',
          retryable: true,
          message: `the MLX server at ${baseUrl} did not answer /models; check that it is still running`,
        })
      return models
    },
  }
}

export async function ensureMlx(options: EnsureMlxOptions): Promise<MlxHandle> {
  const configured = mlxBaseUrlFromEnv(options.env)
  if ((await mlxModels(configured, options.probeTimeoutMs ?? 1_500, options.signal)) !== null) {
    options.onProgress?.({ type: 'reused', server: 'mlx', host: configured })
    return handle(configured, null, null)
  }
  if (options.signal?.aborted) throw abortedError()
  const url = new URL(configured)
  if (!LOCAL_HOSTNAMES.has(url.hostname)) {
    throw new OrchestratorError({
      kind: 'network',
      retryable: false,
      message: `no MLX server answers at ${configured} (MLX_BASE_URL points at another machine); start \`mlx_lm.server --model ${options.model}\` there, or unset MLX_BASE_URL`,
    })
  }
  const binary = await findMlxServer({ env: options.env })
  if (!binary) throw mlxMissingError()
  const server = await startManagedServer({
    server: 'mlx',
    binary,
    args: (port) => ['--model', options.model, '--host', '127.0.0.1', '--port', String(port)],
    env: () => ({ ...options.env }),
    hostOf: (port) => `http://127.0.0.1:${port}/v1`,
    healthy: async (host, signal) => (await mlxModels(host, 2_000, signal)) !== null,
    port: Number(url.port) || 8080,
    pickPort: options.pickPort ?? freePort,
    deadlineMs: options.deadlineMs ?? MLX_START_DEADLINE_MS,
    maxRestarts: options.maxRestarts ?? 3,
    restartDelayMs: options.restartDelayMs ?? 500,
    onProgress: options.onProgress,
    signal: options.signal,
    fixHint: `check that \`${[binary.command, ...binary.args].join(' ')} --model ${options.model}\` works when run by hand`,
  })
  return handle(server.host, binary, server)
}
