/**
 * How many requests the Ollama serving a run takes at once, where that number comes from, and how
 * to raise it. From ollama/ollama (fb30760, 2026-08): envconfig/config.go
 * `NumParallel = Uint("OLLAMA_NUM_PARALLEL", 1)` (unparsable values fall back to 1) and
 * server/sched.go load(): `numParallel := max(int(envconfig.NumParallel()), 1)`, so 0 also means 1;
 * embedding models and some architectures (qwen35, qwen3next, mllama, lfm2, nemotron_h, …) are forced
 * to 1. Each slot gets its own context: the runner is loaded with num_ctx × parallel
 * (sched.go effectiveLlamaServerContext), so the KV cache grows with every slot.
 * A server the launcher started runs with the value it was started with (prepare-local passes it
 * on as OLLAMA_NUM_PARALLEL); for one we did not start only the user's OLLAMA_NUM_PARALLEL can say,
 * else Ollama's default — never the machine profile's suggestion.
 */
import { detectHardwareSync, type HardwareInfo } from './hardware'
import { chooseProfile } from './tuning-profile'

/** Ollama's own default (envconfig.NumParallel). */
const OLLAMA_DEFAULT_PARALLEL = 1

/** OLLAMA_NUM_PARALLEL as Ollama itself parses it: a non-negative integer, 0 meaning 1; undefined when unset or invalid. */
export function parallelFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const text = env.OLLAMA_NUM_PARALLEL?.trim()
  if (!text || !/^\d+$/.test(text)) return undefined
  return Math.max(Number(text), 1)
}

/** The parallelism of the Ollama a run talks to, as the scheduler's limit for the ollama group. */
export function servingParallelism(env: NodeJS.ProcessEnv): number {
  return parallelFromEnv(env) ?? OLLAMA_DEFAULT_PARALLEL
}

/** A value worth suggesting above `limit`: the machine profile's slots when higher, else one more. */
export function suggestedParallel(limit: number, hw: HardwareInfo = detectHardwareSync()): number {
  const profiled = chooseProfile(hw).server.OLLAMA_NUM_PARALLEL
  return profiled > limit ? profiled : limit + 1
}

/** The hint of a step.waiting event for the ollama group. */
export function ollamaSlotHint(limit: number, hw?: HardwareInfo): string {
  return `set OLLAMA_NUM_PARALLEL=${suggestedParallel(limit, hw)} for ollama serve to raise`
}

/** Architectures Ollama always loads with one slot (server/sched.go load(), ollama/ollama#4165). */
export const SINGLE_SLOT_ARCHITECTURES: ReadonlySet<string> = new Set([
  'mllama',
  'qwen3vl',
  'qwen3vlmoe',
  'qwen35',
  'qwen35moe',
  'qwen3next',
  'lfm2',
  'lfm2moe',
  'nemotron_h',
  'nemotron_h_moe',
  'nemotron_h_omni',
])

/** Why a model runs one request at a time whatever OLLAMA_NUM_PARALLEL says. */
export function singleSlotNote(model: string, architecture: string): string {
  return `${model} (architecture ${architecture}) takes one request at a time in Ollama whatever OLLAMA_NUM_PARALLEL says (server/sched.go)`
}

export interface ParallelReport {
  /** Requests the serving Ollama takes at once (what the scheduler's ollama limit is). */
  limit: number
  /** launcher: a server orchestrator starts; env: OLLAMA_NUM_PARALLEL here; default: Ollama's own 1. */
  source: 'launcher' | 'env' | 'default'
  from: string
  raise: string
  memory: string
}

/**
 * The doctor's account of the limit. `startedByUs`: the Ollama a run would use is one the launcher
 * starts (none was running), with the profile's (or overridden) OLLAMA_NUM_PARALLEL.
 */
export function describeParallel(input: {
  startedByUs: boolean
  env: NodeJS.ProcessEnv
  profileParallel: number
  profileName: string
  overridden: boolean
  numCtx: number
  hw?: HardwareInfo
}): ParallelReport {
  const fromEnv = parallelFromEnv(input.env)
  const limit = input.startedByUs ? input.profileParallel : (fromEnv ?? OLLAMA_DEFAULT_PARALLEL)
  const n = suggestedParallel(limit, input.hw)
  const memory = `each slot holds its own context: Ollama loads the model with num_ctx (${input.numCtx}) × OLLAMA_NUM_PARALLEL tokens of KV cache (server/sched.go), so ${n} slots need about ${n}× the KV-cache memory of one`
  if (input.startedByUs) {
    return {
      limit,
      source: 'launcher',
      from: input.overridden
        ? 'OLLAMA_NUM_PARALLEL (or the spec’s ollama_server.num_parallel), given to the `ollama serve` orchestrator starts'
        : `the ${input.profileName} tuning profile, given to the \`ollama serve\` orchestrator starts`,
      raise: `OLLAMA_NUM_PARALLEL=${n} orchestrator run … (or ollama_server: { num_parallel: ${n} } in the spec)`,
      memory,
    }
  }
  const restart = `stop that Ollama and start it with \`OLLAMA_NUM_PARALLEL=${n} ollama serve\` (macOS app: \`launchctl setenv OLLAMA_NUM_PARALLEL ${n}\`, then restart it; Linux service: Environment="OLLAMA_NUM_PARALLEL=${n}" via \`systemctl edit ollama.service\`)`
  return {
    limit,
    source: fromEnv === undefined ? 'default' : 'env',
    from:
      fromEnv === undefined
        ? 'Ollama’s default (envconfig OLLAMA_NUM_PARALLEL=1); this Ollama was not started by orchestrator'
        : 'OLLAMA_NUM_PARALLEL in this environment; an Ollama started elsewhere (the desktop app, a service) has its own',
    raise: `${restart}, and export OLLAMA_NUM_PARALLEL=${n} where you run orchestrator so its limit follows`,
    memory,
  }
}
