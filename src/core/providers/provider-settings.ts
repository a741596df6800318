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

export function positive(value: number | undefined, fallback: number): number {
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
