/**
 * The settings every adapter resolves the same way: the three stream timeouts (connect, first
 * token, idle between chunks) and the number of requests it may have in flight. A value that is
 * absent, not finite or not positive falls back to the adapter's default.
 */

/** Timeouts as callers give them (the spec, the environment, tests). */
export interface ProviderTimeouts {
  connectTimeoutMs?: number
  firstTokenTimeoutMs?: number
  idleTimeoutMs?: number
}

/** Timeouts as an exchange uses them. */
export interface StreamTimeouts {
  connectMs: number
  firstTokenMs: number
  idleMs: number
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback
}

export function resolveTimeouts(given: ProviderTimeouts | undefined, defaults: StreamTimeouts): StreamTimeouts {
  return {
    connectMs: positive(given?.connectTimeoutMs, defaults.connectMs),
    firstTokenMs: positive(given?.firstTokenTimeoutMs, defaults.firstTokenMs),
    idleMs: positive(given?.idleTimeoutMs, defaults.idleMs),
  }
}

/** A whole number of concurrent requests, at least 1. */
export function resolveConcurrency(given: number | undefined, fallback: number): number {
  return Math.floor(positive(given, fallback)) || fallback
}

/** The per-call timeouts (a step's `timeouts:`) over an adapter's resolved ones. */
export function withCallTimeouts(base: StreamTimeouts, call: ProviderTimeouts | undefined): StreamTimeouts {
  return call ? resolveTimeouts(call, base) : base
}

type Phase = 'connect' | 'first token' | 'idle'

const PHASE_KNOB: Record<Phase, { env: string; spec: string }> = {
  connect: { env: 'CONNECT_TIMEOUT_MS', spec: 'connect_ms' },
  'first token': { env: 'FIRST_TOKEN_TIMEOUT_MS', spec: 'first_token_ms' },
  idle: { env: 'IDLE_TIMEOUT_MS', spec: 'idle_ms' },
}

/** `OPENAI_FIRST_TOKEN_TIMEOUT_MS`: the variable that sets `phase`'s timeout for `provider`. */
export function timeoutEnvName(provider: string, phase: Phase): string {
  return `${provider.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${PHASE_KNOB[phase].env}`
}

/** The knobs that set this timeout, as a user can act on them (environment and spec keys). */
export function timeoutKnob(provider: string, phase: Phase): string {
  const key = PHASE_KNOB[phase].spec
  return `raise ${timeoutEnvName(provider, phase)}, or ${key} under provider_timeouts.${provider} (or a step's timeouts:) in the spec`
}

function envMs(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name]?.trim()
  if (!raw) return undefined
  const value = Number(raw)
  return Number.isFinite(value) && value > 0 ? value : undefined
}

/** `<PROVIDER>_CONNECT_TIMEOUT_MS`, `_FIRST_TOKEN_TIMEOUT_MS`, `_IDLE_TIMEOUT_MS` from `env`. */
export function timeoutsFromEnv(provider: string, env: NodeJS.ProcessEnv): ProviderTimeouts {
  const out: ProviderTimeouts = {}
  const connect = envMs(env, timeoutEnvName(provider, 'connect'))
  const firstToken = envMs(env, timeoutEnvName(provider, 'first token'))
  const idle = envMs(env, timeoutEnvName(provider, 'idle'))
  if (connect !== undefined) out.connectTimeoutMs = connect
  if (firstToken !== undefined) out.firstTokenTimeoutMs = firstToken
  if (idle !== undefined) out.idleTimeoutMs = idle
  return out
}
