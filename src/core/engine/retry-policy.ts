/**
 * Retry policy as named constants plus pure helpers. One retry owner (the step runner) uses them:
 * trust `ErrorInfo.retryable`, but never retry an abort or a 4xx other than 408/409/429. Delays are
 * exponential (base·2^(attempt-1)) with ±jitter, capped at maxDelayMs; a server's retry-after is
 * honoured as a lower bound up to a hard cap of 120 s. `sleep` is cancellable.
 */

import { z } from 'zod'
import type { ErrorInfo } from '../errors'
import { abortedError } from '../errors'

export interface RetryPolicy {
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
  /** Fraction 0..1: the delay varies by up to ± this share. */
  jitter: number
}

/** Seed MAX_RETRIES was 3 retries → 4 attempts in total. */
const DEFAULT_MAX_ATTEMPTS = 4
const DEFAULT_BASE_DELAY_MS = 500
const DEFAULT_MAX_DELAY_MS = 30_000
const DEFAULT_JITTER = 0.25
/** Longest wait a server's retry-after can impose. */
const RETRY_AFTER_CAP_MS = 120_000

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: DEFAULT_MAX_ATTEMPTS,
  baseDelayMs: DEFAULT_BASE_DELAY_MS,
  maxDelayMs: DEFAULT_MAX_DELAY_MS,
  jitter: DEFAULT_JITTER,
})

export const retryPolicySchema = z.object({
  maxAttempts: z.number().int().min(1),
  baseDelayMs: z.number().min(0),
  maxDelayMs: z.number().min(0),
  jitter: z.number().min(0).max(1),
})

const RETRYABLE_4XX = new Set([408, 409, 429])

export function isRetryable(error: ErrorInfo): boolean {
  if (error.kind === 'aborted' || !error.retryable) return false
  const status = error.status
  if (status !== undefined && status >= 400 && status < 500 && !RETRYABLE_4XX.has(status)) return false
  return true
}

/** Delay before the retry that follows failed attempt `attempt` (1-based). */
export function retryDelayMs(attempt: number, policy: RetryPolicy, error: ErrorInfo, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1)
  const maxDelay = Math.max(0, policy.maxDelayMs)
  const nominal = Math.min(Math.max(0, policy.baseDelayMs) * 2 ** exponent, maxDelay)
  const jitter = Math.min(1, Math.max(0, policy.jitter))
  const r = Math.min(1, Math.max(0, random()))
  let delay = Math.min(nominal * (1 + jitter * (2 * r - 1)), maxDelay)
  const retryAfter = error.retryAfterMs
  if (retryAfter !== undefined && Number.isFinite(retryAfter) && retryAfter > delay) {
    delay = Math.min(retryAfter, RETRY_AFTER_CAP_MS)
  }
  return Math.max(0, Math.round(delay))
}

/** Resolves after `ms`; rejects with OrchestratorError kind 'aborted' as soon as `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortedError(signal.reason))
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(abortedError(signal?.reason))
    }
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      },
      Math.max(0, ms),
    )
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
