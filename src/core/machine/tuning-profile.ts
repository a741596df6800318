/**
 * Chooses how Ollama is tuned for this machine: server variables (parallel slots, loaded
 * models, flash attention, KV cache type, keep-alive) and request options (threads, batch,
 * context, predict, GPU layers). `chooseProfile` is pure: the same hardware and overrides give
 * the same profile. The M3 Max profile is the seed's numbers (14 threads, batch 512, ctx 8192,
 * predict 2048); other machines scale by performance cores and memory (2–4 parallel slots).
 * Overrides (config, spec, then OLLAMA_* environment variables) always win.
 * `ollamaParallelism` is the OLLAMA_NUM_PARALLEL a server we start gets; the scheduler's limit is
 * the serving Ollama's (ollama-parallelism.ts), which is this only for a server we started.
 */
import { GIB, detectHardwareSync, type HardwareInfo } from './hardware'

type KvCacheType = 'f16' | 'q8_0' | 'q4_0'

interface ServerSettings {
  OLLAMA_NUM_PARALLEL: number
  OLLAMA_MAX_LOADED_MODELS: number
  OLLAMA_FLASH_ATTENTION: boolean
  OLLAMA_KV_CACHE_TYPE: KvCacheType
  OLLAMA_KEEP_ALIVE: string
}

interface RequestOptions {
  num_thread: number
  num_batch: number
  num_ctx: number
  num_predict: number
  num_gpu: number
}

export interface TuningProfile {
  /** e.g. 'apple-m3-max', 'apple-m1', 'intel-mac', 'linux-x64'. */
  name: string
  server: ServerSettings
  options: RequestOptions
  /** Names of the settings that came from overrides rather than the profile. */
  overridden: string[]
}

export interface ProfileOverrides {
  server?: Partial<ServerSettings>
  options?: Partial<RequestOptions>
}

interface AppleChip {
  generation: number
  tier: 'base' | 'pro' | 'max' | 'ultra'
}

function parseAppleChip(chip: string | null): AppleChip | null {
  const match = /^Apple M(\d+)(?: (Pro|Max|Ultra))?\b/i.exec(chip?.trim() ?? '')
  if (!match) return null
  const tier = (match[2]?.toLowerCase() ?? 'base') as AppleChip['tier']
  return { generation: Number(match[1]), tier }
}

function profileName(hw: HardwareInfo, apple: AppleChip | null): string {
  if (apple) return `apple-m${apple.generation}${apple.tier === 'base' ? '' : `-${apple.tier}`}`
  if (hw.appleSilicon) return 'apple-silicon'
  if (hw.platform === 'darwin') return 'intel-mac'
  return `${hw.platform}-${hw.arch}`
}

function parallelSlots(memoryBytes: number): number {
  if (memoryBytes >= 48 * GIB) return 4
  if (memoryBytes >= 24 * GIB) return 3
  return 2
}

function threads(hw: HardwareInfo, apple: AppleChip | null): number {
  if (apple?.generation === 3 && apple.tier === 'max') return 14
  if (hw.performanceCores !== null) return hw.performanceCores
  return hw.totalCores >= 4 ? Math.floor(hw.totalCores / 2) : hw.totalCores
}

function baseProfile(hw: HardwareInfo): Omit<TuningProfile, 'overridden'> {
  const apple = parseAppleChip(hw.chip)
  const metal = hw.appleSilicon
  const small = hw.memoryBytes < 16 * GIB
  const large = hw.memoryBytes >= 64 * GIB
  return {
    name: profileName(hw, apple),
    server: {
      OLLAMA_NUM_PARALLEL: parallelSlots(hw.memoryBytes),
      OLLAMA_MAX_LOADED_MODELS: large ? 2 : 1,
      OLLAMA_FLASH_ATTENTION: metal,
      OLLAMA_KV_CACHE_TYPE: metal && !large ? 'q8_0' : 'f16',
      OLLAMA_KEEP_ALIVE: '30m',
    },
    options: {
      num_thread: Math.max(1, threads(hw, apple)),
      num_batch: small ? 256 : 512,
      num_ctx: small ? 4096 : 8192,
      num_predict: 2048,
      num_gpu: metal ? 999 : hw.platform === 'darwin' ? 0 : -1,
    },
  }
}

export function chooseProfile(hw: HardwareInfo, overrides: ProfileOverrides = {}): TuningProfile {
  const base = baseProfile(hw)
  const overridden: string[] = []
  const server = { ...base.server }
  const options = { ...base.options }
  for (const [key, value] of Object.entries(overrides.server ?? {}) as [
    keyof ServerSettings,
    ServerSettings[keyof ServerSettings] | undefined,
  ][]) {
    if (value === undefined) continue
    ;(server as Record<keyof ServerSettings, unknown>)[key] = value
    overridden.push(key)
  }
  for (const [key, value] of Object.entries(overrides.options ?? {}) as [keyof RequestOptions, number | undefined][]) {
    if (value === undefined) continue
    options[key] = value
    overridden.push(key)
  }
  return { name: base.name, server, options, overridden }
}

/** Later layers win: e.g. mergeOverrides(config, spec, overridesFromEnv(env)). */
export function mergeOverrides(...layers: readonly ProfileOverrides[]): ProfileOverrides {
  const server: Partial<ServerSettings> = {}
  const options: Partial<RequestOptions> = {}
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer.server ?? {})) if (v !== undefined) (server as Record<string, unknown>)[k] = v
    for (const [k, v] of Object.entries(layer.options ?? {})) if (v !== undefined) (options as Record<string, unknown>)[k] = v
  }
  return { server, options }
}

function intVar(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  const text = env[name]?.trim()
  if (!text || !/^[-+]?\d+$/.test(text)) return undefined
  const value = Number(text)
  return value >= min ? value : undefined
}

const OPTION_VARS: [string, keyof RequestOptions, number][] = [
  ['OLLAMA_NUM_THREAD', 'num_thread', 1],
  ['OLLAMA_NUM_BATCH', 'num_batch', 1],
  ['OLLAMA_NUM_CTX', 'num_ctx', 1],
  ['OLLAMA_NUM_PREDICT', 'num_predict', -2],
  ['OLLAMA_NUM_GPU', 'num_gpu', -1],
]

/** Reads the OLLAMA_* variables; unset, empty or invalid values are ignored (the spec loader reports invalid ones). */
export function overridesFromEnv(env: NodeJS.ProcessEnv): ProfileOverrides {
  const server: Partial<ServerSettings> = {}
  const options: Partial<RequestOptions> = {}
  const parallel = intVar(env, 'OLLAMA_NUM_PARALLEL', 1)
  if (parallel !== undefined) server.OLLAMA_NUM_PARALLEL = parallel
  const loaded = intVar(env, 'OLLAMA_MAX_LOADED_MODELS', 1)
  if (loaded !== undefined) server.OLLAMA_MAX_LOADED_MODELS = loaded
  const flash = env.OLLAMA_FLASH_ATTENTION?.trim().toLowerCase()
  if (flash === '1' || flash === 'true') server.OLLAMA_FLASH_ATTENTION = true
  if (flash === '0' || flash === 'false') server.OLLAMA_FLASH_ATTENTION = false
  const kv = env.OLLAMA_KV_CACHE_TYPE?.trim()
  if (kv === 'f16' || kv === 'q8_0' || kv === 'q4_0') server.OLLAMA_KV_CACHE_TYPE = kv
  const keepAlive = env.OLLAMA_KEEP_ALIVE?.trim()
  if (keepAlive) server.OLLAMA_KEEP_ALIVE = keepAlive
  for (const [name, key, min] of OPTION_VARS) {
    const value = intVar(env, name, min)
    if (value !== undefined) options[key] = value
  }
  return { server, options }
}

/** The environment an `ollama serve` we start gets on top of the user's. */
export function serverEnvOf(profile: TuningProfile): Record<string, string> {
  const s = profile.server
  return {
    OLLAMA_NUM_PARALLEL: String(s.OLLAMA_NUM_PARALLEL),
    OLLAMA_MAX_LOADED_MODELS: String(s.OLLAMA_MAX_LOADED_MODELS),
    OLLAMA_FLASH_ATTENTION: s.OLLAMA_FLASH_ATTENTION ? '1' : '0',
    OLLAMA_KV_CACHE_TYPE: s.OLLAMA_KV_CACHE_TYPE,
    OLLAMA_KEEP_ALIVE: s.OLLAMA_KEEP_ALIVE,
  }
}

/** The profile for this machine and environment (hardware detected once per process). */
export function profileFromEnv(env: NodeJS.ProcessEnv, hw: HardwareInfo = detectHardwareSync()): TuningProfile {
  return chooseProfile(hw, overridesFromEnv(env))
}

/** The OLLAMA_NUM_PARALLEL of a server we start: the variable when set, else the machine's profile. */
export function ollamaParallelism(env: NodeJS.ProcessEnv, hw: HardwareInfo = detectHardwareSync()): number {
  return profileFromEnv(env, hw).server.OLLAMA_NUM_PARALLEL
}
