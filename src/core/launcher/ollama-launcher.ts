/**
 * Makes Ollama available: reuses a server already answering at OLLAMA_HOST, otherwise finds the
 * `ollama` binary and starts `ollama serve` on 127.0.0.1 (the OLLAMA_HOST port when free, else
 * a free one) with the machine's tuned server variables, supervised by managed-server (health
 * deadline, restart with backoff, stop only what we started). A missing binary is a `bad_input`
 * error that says how to install Ollama; an unanswering remote OLLAMA_HOST is never replaced.
 */
import { abortedError, OrchestratorError } from '../errors'
import { ollamaHostFromEnv } from '../providers/ollama/ollama-host'
import { listOllamaModels } from '../providers/ollama/ollama-tags'
import { findOllama, OLLAMA_INSTALL_HINT, type FoundBinary } from './find-binary'
import { freePort } from './free-port'
import { detectHardware, type HardwareInfo } from '../machine/hardware'
import { probeJson } from './http-probe'
import type { LaunchProgressFn, PullProgress } from './launch-events'
import { startManagedServer, type ManagedServer } from './managed-server'
import { pullModel } from './ollama-pull'
import { chooseProfile, overridesFromEnv, serverEnvOf, type TuningProfile } from '../machine/tuning-profile'

export interface EnsureOllamaOptions {
  env: NodeJS.ProcessEnv
  hardware?: HardwareInfo
  /** The tuned profile to start with (default: chooseProfile(hardware, env overrides)). */
  profile?: TuningProfile
  onProgress?: LaunchProgressFn
  signal?: AbortSignal
  bundledOllama?: string
  wellKnown?: Parameters<typeof findOllama>[0]['wellKnown']
  /** How long a started server may take to answer (default 30 s). */
  deadlineMs?: number
  maxRestarts?: number
  restartDelayMs?: number
  /** Chooses another port when the wanted one is taken (default: one the OS says is free). */
  pickPort?: () => Promise<number>
  /** Timeout of the first "is it already running?" probe (default 1.5 s). */
  probeTimeoutMs?: number
}

export interface OllamaHandle {
  host: string
  startedByUs: boolean
  version: string | null
  profile: TuningProfile
  binary: FoundBinary | null
  /** Stops the server if we started it; otherwise does nothing. */
  stop(): Promise<void>
  models(signal?: AbortSignal): Promise<string[]>
  pull(model: string, onProgress: (progress: PullProgress) => void, signal?: AbortSignal): Promise<void>
}

const OLLAMA_START_DEADLINE_MS = 30_000
const LOCAL_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '::1', '[::1]'])

/** The server's version when an Ollama answers GET /api/version at `host`, else null. */
export async function ollamaVersion(host: string, timeoutMs: number, signal?: AbortSignal): Promise<string | null> {
  const body = await probeJson(`${host}/api/version`, timeoutMs, signal)
  if (body && typeof body === 'object' && 'version' in body && typeof body.version === 'string') return body.version
  return null
}

/**
 * Whether an Ollama answers at `host`: GET /api/version, else GET /api/tags (servers and
 * proxies that only expose the model list). Resolves the version (null when only tags answered)
 * or undefined when nothing Ollama-like answered.
 */
export async function ollamaAnswers(
  host: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<{ version: string | null } | undefined> {
  const version = await ollamaVersion(host, timeoutMs, signal)
  if (version !== null) return { version }
  const tags = await probeJson(`${host}/api/tags`, timeoutMs, signal)
  return tags && typeof tags === 'object' && 'models' in tags && Array.isArray(tags.models) ? { version: null } : undefined
}

function ollamaMissingError(): OrchestratorError {
  return new OrchestratorError({
    kind: 'bad_input',
    retryable: false,
    message: `Ollama is not running and the \`ollama\` program was not found; ${OLLAMA_INSTALL_HINT}`,
  })
}

function handle(
  host: string,
  profile: TuningProfile,
  binary: FoundBinary | null,
  version: string | null,
  server: ManagedServer | null,
): OllamaHandle {
  return {
    host,
    startedByUs: server !== null,
    version,
    profile,
    binary,
    stop: async () => server?.stop(),
    models: (signal) => listOllamaModels(host, { signal: signal ?? new AbortController().signal, timeoutMs: 10_000 }),
    pull: (model, onProgress, signal) => pullModel(host, model, onProgress, { signal }),
  }
}

export async function ensureOllama(options: EnsureOllamaOptions): Promise<OllamaHandle> {
  const hardware = options.hardware ?? (await detectHardware())
  const profile = options.profile ?? chooseProfile(hardware, overridesFromEnv(options.env))
  const configured = ollamaHostFromEnv(options.env)
  const existing = await ollamaAnswers(configured, options.probeTimeoutMs ?? 1_500, options.signal)
  if (existing) {
    options.onProgress?.({ type: 'reused', server: 'ollama', host: configured })
    return handle(configured, profile, null, existing.version, null)
  }
  if (options.signal?.aborted) throw abortedError()
  const url = new URL(configured)
  if (!LOCAL_HOSTNAMES.has(url.hostname)) {
    throw new OrchestratorError({
      kind: 'network',
      retryable: false,
      message: `Ollama is not answering at ${configured} (OLLAMA_HOST points at another machine); start \`ollama serve\` there, or unset OLLAMA_HOST to use a local Ollama`,
    })
  }
  const binary = findOllama({ env: options.env, bundledOllama: options.bundledOllama, wellKnown: options.wellKnown })
  if (!binary) throw ollamaMissingError()
  const pickPort = options.pickPort ?? freePort
  const server = await startManagedServer({
    server: 'ollama',
    binary,
    args: () => ['serve'],
    env: (port) => ({ ...options.env, ...serverEnvOf(profile), OLLAMA_HOST: `127.0.0.1:${port}` }),
    hostOf: (port) => `http://127.0.0.1:${port}`,
    healthy: async (host, signal) => (await ollamaAnswers(host, 2_000, signal)) !== undefined,
    port: Number(url.port) || 11434,
    pickPort,
    deadlineMs: options.deadlineMs ?? OLLAMA_START_DEADLINE_MS,
    maxRestarts: options.maxRestarts ?? 3,
    restartDelayMs: options.restartDelayMs ?? 500,
    onProgress: options.onProgress,
    signal: options.signal,
    fixHint: `check that \`${binary.command} serve\` works when run by hand`,
  })
  const started = await ollamaVersion(server.host, 2_000)
  return handle(server.host, profile, binary, started, server)
}
