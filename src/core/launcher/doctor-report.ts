/**
 * What `orchestrator doctor` (and the app's setup screen) reports: detected hardware and the
 * chosen tuning profile, whether Ollama is running or can be started (it is started for the
 * check and stopped again), its models, whether MLX is available, which API keys are set —
 * masked, never in full — and, for each problem, what to do. Gathering never throws except on
 * abort: every failure becomes a problem in the report.
 */
import { explainOllamaModel } from '../providers/ollama/ollama-model-advice'
import { abortedError, toErrorInfo } from '../errors'
import { ollamaHostFromEnv } from '../providers/ollama/ollama-host'
import { mlxBaseUrlFromEnv } from '../providers/mlx/mlx-provider'
import { defaultModelFor } from '../providers/provider-registry'
import { hasModel, listOllamaModels } from '../providers/ollama/ollama-tags'
import { findMlxServer, findOllama, MLX_INSTALL_HINT, OLLAMA_INSTALL_HINT } from './find-binary'
import { detectHardware, GIB, type HardwareInfo } from '../machine/hardware'
import type { LaunchProgressFn } from './launch-events'
import { mlxModels } from './mlx-launcher'
import { gatherCloudReport, type CloudReport } from './doctor-cloud'
import { ensureOllama, ollamaVersion } from './ollama-launcher'
import { chooseProfile, overridesFromEnv, type TuningProfile } from '../machine/tuning-profile'
import { describeParallel, SINGLE_SLOT_ARCHITECTURES, singleSlotNote, type ParallelReport } from '../machine/ollama-parallelism'
import { showOllamaModel } from '../providers/ollama/ollama-show'

interface DoctorProblem {
  severity: 'error' | 'warning' | 'info'
  message: string
  fix: string
}

export interface DoctorReport {
  hardware: HardwareInfo
  profile: TuningProfile
  ollama: {
    host: string
    binary: string | null
    /** running: already answering; started: we started it for this check and stopped it again. */
    status: 'running' | 'started' | 'not_running' | 'failed'
    version: string | null
    models: string[]
    /** The model runs use, and why (Ollama's own recommendation, or a warning about a poor agent model). */
    model: { name: string; why: string }
    /** How many requests the Ollama a run uses takes at once, where that comes from, how to raise it and what it costs. */
    parallel: ParallelReport
    /** The default model's architecture as /api/show reports it (null: not asked or not reported). */
    architecture: string | null
  }
  mlx: { baseUrl: string; command: string | null; running: boolean; models: string[] }
  keys: { name: string; present: boolean; masked: string | null }[]
  /** Cloud providers' default models, APIs, timeouts and the circuit breaker (doctor-cloud.ts). */
  cloud: CloudReport
  problems: DoctorProblem[]
}

export interface DoctorOptions {
  env: NodeJS.ProcessEnv
  signal?: AbortSignal
  /** Start Ollama when it is not running (default true). */
  start?: boolean
  hardware?: HardwareInfo
  bundledOllama?: string
  wellKnown?: Parameters<typeof findOllama>[0]['wellKnown']
  onProgress?: LaunchProgressFn
  deadlineMs?: number
}

const KEY_VARIABLES = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY'] as const

/** `sk-…abcd`: a known prefix and the last four characters; short keys show no characters at all. */
export function maskKey(key: string): string {
  const trimmed = key.trim()
  const prefix = /^[a-z]{2,3}-/i.exec(trimmed)?.[0] ?? ''
  return trimmed.length >= 16 ? `${prefix}…${trimmed.slice(-4)}` : `${prefix}…`
}

async function gatherOllama(
  options: DoctorOptions,
  profile: TuningProfile,
  hardware: HardwareInfo,
  problems: DoctorProblem[],
): Promise<DoctorReport['ollama']> {
  const binary = findOllama({ env: options.env, bundledOllama: options.bundledOllama, wellKnown: options.wellKnown })
  const wanted = defaultModelFor('ollama', options.env)
  const report: DoctorReport['ollama'] = {
    host: ollamaHostFromEnv(options.env),
    binary: binary?.command ?? null,
    status: 'not_running',
    version: null,
    models: [],
    model: { name: wanted, why: explainOllamaModel(wanted, Boolean(options.env.OLLAMA_MODEL?.trim())) },
    parallel: parallelOf(options.env, profile, hardware, true),
    architecture: null,
  }
  const signal = options.signal ?? new AbortController().signal
  const architectureAt = async (host: string, models: string[]): Promise<string | null> =>
    hasModel(models, wanted) ? ((await showOllamaModel(host, wanted, { signal, timeoutMs: 5_000 })).architecture ?? null) : null
  try {
    if (options.start === false) {
      report.version = await ollamaVersion(report.host, 1_500, options.signal)
      if (report.version === null) {
        problems.push({
          severity: 'warning',
          message: `Ollama is not running at ${report.host}`,
          fix: binary ? '`ollama serve` (orchestrator run starts it by itself)' : OLLAMA_INSTALL_HINT,
        })
        return report
      }
      report.status = 'running'
      report.models = await listOllamaModels(report.host, { signal, timeoutMs: 10_000 })
      report.architecture = await architectureAt(report.host, report.models)
    } else {
      const handle = await ensureOllama({
        env: options.env,
        hardware,
        profile,
        signal: options.signal,
        bundledOllama: options.bundledOllama,
        wellKnown: options.wellKnown,
        onProgress: options.onProgress,
        deadlineMs: options.deadlineMs,
      })
      try {
        report.host = handle.host
        report.status = handle.startedByUs ? 'started' : 'running'
        report.version = handle.version
        report.models = await handle.models(options.signal)
        report.architecture = await architectureAt(handle.host, report.models)
      } finally {
        await handle.stop()
      }
    }
  } catch (err) {
    if (options.signal?.aborted) throw err
    const info = toErrorInfo(err)
    report.status = binary || info.kind !== 'bad_input' ? 'failed' : 'not_running'
    problems.push({
      severity: 'error',
      message: binary ? `Ollama could not be used: ${info.message}` : 'Ollama is not installed and not running',
      fix: binary ? `run \`${binary.command} serve\` by hand to see why it fails` : OLLAMA_INSTALL_HINT,
    })
    return report
  }
  if (report.status === 'running') report.parallel = parallelOf(options.env, profile, hardware, false)
  if (!hasModel(report.models, wanted)) {
    problems.push({
      severity: 'warning',
      message: `Ollama has no model ${wanted} (the default; set OLLAMA_MODEL to change it)`,
      fix: `\`ollama pull ${wanted}\` — or just \`orchestrator run\`, which pulls it`,
    })
  }
  return report
}

function parallelOf(env: NodeJS.ProcessEnv, profile: TuningProfile, hw: HardwareInfo, startedByUs: boolean): ParallelReport {
  return describeParallel({
    startedByUs,
    env,
    profileParallel: profile.server.OLLAMA_NUM_PARALLEL,
    profileName: profile.name,
    overridden: profile.overridden.includes('OLLAMA_NUM_PARALLEL'),
    numCtx: profile.options.num_ctx,
    hw,
  })
}

/** One request at a time on Ollama: steps queue (shown as 'waiting for an Ollama slot'); and a model Ollama never parallelises. */
function parallelProblems(ollama: DoctorReport['ollama'], problems: DoctorProblem[]): void {
  const { parallel, architecture, model } = ollama
  if (architecture !== null && SINGLE_SLOT_ARCHITECTURES.has(architecture)) {
    problems.push({
      severity: 'info',
      message: `${singleSlotNote(model.name, architecture)}, so its steps run one after another`,
      fix: 'for parallel steps choose a model of another architecture with OLLAMA_MODEL (e.g. gemma4), or a cloud provider',
    })
    return
  }
  if (parallel.limit < 2 && (ollama.status === 'running' || ollama.status === 'started')) {
    problems.push({
      severity: 'warning',
      message: `Ollama at ${ollama.host} takes ${parallel.limit} request at a time (${parallel.from}): steps that could run side by side wait for an Ollama slot`,
      fix: parallel.raise,
    })
  }
}

async function gatherMlx(options: DoctorOptions, hardware: HardwareInfo, problems: DoctorProblem[]): Promise<DoctorReport['mlx']> {
  const baseUrl = mlxBaseUrlFromEnv(options.env)
  const binary = await findMlxServer({ env: options.env })
  const models = await mlxModels(baseUrl, 1_500, options.signal)
  if (!binary && models === null && hardware.appleSilicon) {
    problems.push({
      severity: 'info',
      message: 'MLX is not installed (optional: a second local engine for Apple silicon)',
      fix: MLX_INSTALL_HINT,
    })
  }
  return { baseUrl, command: binary ? [binary.command, ...binary.args].join(' ') : null, running: models !== null, models: models ?? [] }
}

export async function gatherDoctorReport(options: DoctorOptions): Promise<DoctorReport> {
  const hardware = options.hardware ?? (await detectHardware())
  const profile = chooseProfile(hardware, overridesFromEnv(options.env))
  const problems: DoctorProblem[] = []
  const ollama = await gatherOllama(options, profile, hardware, problems)
  const mlx = await gatherMlx(options, hardware, problems)
  if (options.signal?.aborted) throw abortedError()
  parallelProblems(ollama, problems)
  if (hardware.memoryBytes < 16 * GIB) {
    problems.push({
      severity: 'info',
      message: `${Math.round(hardware.memoryBytes / GIB)} GB of memory is tight for local models running in parallel (Ollama’s launcher sizes qwen3.5 at ~14 GB, gemma4 at ~12 GB)`,
      fix: 'use a smaller model with OLLAMA_MODEL, or a cloud provider (--provider openai or anthropic)',
    })
  }
  const keys = KEY_VARIABLES.map((name) => {
    const value = options.env[name]?.trim()
    return { name, present: Boolean(value), masked: value ? maskKey(value) : null }
  })
  for (const key of keys) {
    if (!key.present) {
      const provider = key.name === 'OPENAI_API_KEY' ? 'openai' : 'anthropic'
      problems.push({
        severity: 'info',
        message: `${key.name} is not set (needed only for --provider ${provider})`,
        fix: `export ${key.name}=… in your shell profile`,
      })
    }
  }
  return { hardware, profile, ollama, mlx, keys, cloud: gatherCloudReport(options.env), problems }
}
