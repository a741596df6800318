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
export const OLLAMA_DEFAULT_PARALLEL = 1

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
