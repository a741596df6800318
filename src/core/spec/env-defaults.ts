/**
 * Environment variables of the original tool that fill values the spec leaves unset:
 * TIMEOUT_S (step timeout), MAX_RETRIES, TEMPERATURE, TOP_P, MAX_TOKENS and OLLAMA_NUM_THREAD,
 * _BATCH, _CTX, _GPU, _PREDICT. Spec values always win. Empty variables count as unset; a set
 * but invalid value is an issue naming the variable (never silently ignored).
 */
import type { ModelOptions } from '../providers/types'
import type { SpecIssue } from './types'

export interface EnvDefaults {
  timeout_s?: number
  retries?: number
  options: ModelOptions
}

interface NumberRule {
  integer: boolean
  min: number
  max: number
  example: string
}

const OPTION_VARS: [string, keyof ModelOptions, NumberRule][] = [
  ['TEMPERATURE', 'temperature', { integer: false, min: 0, max: 2, example: '0.1' }],
  ['TOP_P', 'top_p', { integer: false, min: 0, max: 1, example: '0.9' }],
  ['MAX_TOKENS', 'max_tokens', { integer: true, min: 1, max: 10_000_000, example: '8192' }],
  ['OLLAMA_NUM_THREAD', 'num_thread', { integer: true, min: 1, max: 4096, example: '8' }],
  ['OLLAMA_NUM_BATCH', 'num_batch', { integer: true, min: 1, max: 1_000_000, example: '512' }],
  ['OLLAMA_NUM_CTX', 'num_ctx', { integer: true, min: 1, max: 10_000_000, example: '8192' }],
  ['OLLAMA_NUM_GPU', 'num_gpu', { integer: true, min: -1, max: 100_000, example: '1' }],
  ['OLLAMA_NUM_PREDICT', 'num_predict', { integer: true, min: -2, max: 10_000_000, example: '2048' }],
]

const TIMEOUT_RULE: NumberRule = { integer: true, min: 1, max: 86_400, example: '120' }
const RETRIES_RULE: NumberRule = { integer: true, min: 0, max: 20, example: '3' }

function readNumber(env: NodeJS.ProcessEnv, name: string, rule: NumberRule, issues: SpecIssue[]): number | undefined {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return undefined
  const text = raw.trim()
  const pattern = rule.integer ? /^[-+]?\d+$/ : /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/
  const value = Number(text)
  const kind = rule.integer ? 'a whole number' : 'a number'
  if (!pattern.test(text) || !Number.isFinite(value)) {
    issues.push({
      path: '',
      message: `environment variable ${name}=${JSON.stringify(raw)} is not ${kind}; unset it or set e.g. ${name}=${rule.example}`,
    })
    return undefined
  }
  if (value < rule.min || value > rule.max) {
    issues.push({
      path: '',
      message: `environment variable ${name}=${text} is out of range (${rule.min} to ${rule.max}); unset it or set e.g. ${name}=${rule.example}`,
    })
    return undefined
  }
  return value
}

/** Reads the variables; problems are appended to `issues` (the caller reports them with the rest). */
export function readEnvDefaults(env: NodeJS.ProcessEnv, issues: SpecIssue[]): EnvDefaults {
  const options: ModelOptions = {}
  for (const [name, key, rule] of OPTION_VARS) {
    const value = readNumber(env, name, rule, issues)
    if (value !== undefined) options[key] = value
  }
  const result: EnvDefaults = { options }
  const timeout = readNumber(env, 'TIMEOUT_S', TIMEOUT_RULE, issues)
  if (timeout !== undefined) result.timeout_s = timeout
  const retries = readNumber(env, 'MAX_RETRIES', RETRIES_RULE, issues)
  if (retries !== undefined) result.retries = retries
  return result
}
