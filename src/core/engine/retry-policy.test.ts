import { describe, expect, it } from 'vitest'
import type { ErrorInfo } from '../errors'
import { OrchestratorError } from '../errors'
import { DEFAULT_RETRY_POLICY, isRetryable, retryDelayMs, retryPolicySchema, sleep, type RetryPolicy } from './retry-policy'

const serverError: ErrorInfo = { kind: 'server', message: 'HTTP 503', retryable: true, status: 503 }
const policy: RetryPolicy = { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 1_000, jitter: 0.25 }

describe('isRetryable', () => {
  it('follows the error’s retryable flag', () => {
    expect(isRetryable(serverError)).toBe(true)
    expect(isRetryable({ kind: 'network', message: 'reset', retryable: true })).toBe(true)
    expect(isRetryable({ kind: 'auth', message: 'key invalid', retryable: false, status: 401 })).toBe(false)
  })

  it('never retries an abort, even when it claims to be retryable', () => {
    expect(isRetryable({ kind: 'aborted', message: 'cancelled', retryable: true })).toBe(false)
  })

  it('never retries a 4xx other than 408, 409 and 429', () => {
    expect(isRetryable({ kind: 'bad_request', message: 'bad', retryable: true, status: 400 })).toBe(false)
    for (const status of [408, 409, 429]) {
      expect(isRetryable({ kind: 'rate_limit', message: 'slow down', retryable: true, status })).toBe(true)
    }
  })
})

describe('retryDelayMs', () => {
  it('doubles per attempt, without jitter at the midpoint', () => {
    const mid = (): number => 0.5
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, policy, serverError, mid))).toEqual([100, 200, 400, 800])
  })

  it('stays within ±jitter of the nominal delay', () => {
    expect(retryDelayMs(3, policy, serverError, () => 0)).toBe(300)
    expect(retryDelayMs(3, policy, serverError, () => 1)).toBe(500)
    for (let i = 0; i < 200; i++) {
      const delay = retryDelayMs(2, policy, serverError)
      expect(delay).toBeGreaterThanOrEqual(150)
      expect(delay).toBeLessThanOrEqual(250)
    }
  })

  it('caps the delay at maxDelayMs, even for huge attempt numbers', () => {
    expect(retryDelayMs(5, policy, serverError, () => 1)).toBe(1_000)
    expect(retryDelayMs(5000, policy, serverError, () => 0.5)).toBe(1_000)
    expect(retryDelayMs(5000, { ...policy, jitter: 1 }, serverError, () => 0)).toBe(0)
  })

  it('waits at least retry-after, above maxDelayMs but never above 120 s', () => {
    const limited = (retryAfterMs: number): ErrorInfo => ({
      kind: 'rate_limit',
      message: '429',
      retryable: true,
      status: 429,
      retryAfterMs,
    })
    expect(retryDelayMs(1, policy, limited(3_000), () => 0.5)).toBe(3_000)
    expect(retryDelayMs(4, policy, limited(10), () => 0.5)).toBe(800)
    expect(retryDelayMs(1, policy, limited(600_000), () => 0.5)).toBe(120_000)
  })

  it('has named defaults of 4 attempts, 500 ms base, 30 s cap, 25 % jitter', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 30_000, jitter: 0.25 })
    expect(retryPolicySchema.safeParse(DEFAULT_RETRY_POLICY).success).toBe(true)
    expect(retryPolicySchema.safeParse({ ...DEFAULT_RETRY_POLICY, jitter: 2 }).success).toBe(false)
  })
})

describe('sleep', () => {
  it('waits at least the requested time', async () => {
    const started = performance.now()
    await sleep(30)
    expect(performance.now() - started).toBeGreaterThanOrEqual(25)
  })

  it('rejects with kind aborted as soon as the signal fires', async () => {
    const controller = new AbortController()
    const pending = sleep(60_000, controller.signal)
    setTimeout(() => controller.abort(), 5)
    const error = await pending.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OrchestratorError)
    expect(error).toMatchObject({ kind: 'aborted', retryable: false })
  })

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(sleep(60_000, controller.signal)).rejects.toMatchObject({ kind: 'aborted' })
  })
})
