import { describe, expect, it } from 'vitest'
import { OrchestratorError } from '../errors'
import { withTimeout } from './timeouts'

const never = (signal: AbortSignal, seen: { signal?: AbortSignal }): Promise<string> => {
  seen.signal = signal
  return new Promise<string>(() => undefined)
}

describe('withTimeout', () => {
  it('returns the result when the work finishes in time', async () => {
    await expect(withTimeout(async () => 'done', { timeoutMs: 1_000, message: 'too slow' })).resolves.toBe('done')
  })

  it('rejects with kind timeout, retryable, our message, and aborts the inner signal', async () => {
    const seen: { signal?: AbortSignal } = {}
    const started = performance.now()
    const error = await withTimeout((signal) => never(signal, seen), {
      timeoutMs: 20,
      message: "step 'qa' timed out after 0.02 s; raise timeout_s",
    }).catch((e: unknown) => e)
    expect(performance.now() - started).toBeGreaterThanOrEqual(15)
    expect(error).toBeInstanceOf(OrchestratorError)
    expect(error).toMatchObject({ kind: 'timeout', retryable: true, message: "step 'qa' timed out after 0.02 s; raise timeout_s" })
    expect(seen.signal?.aborted).toBe(true)
    expect(seen.signal?.reason).toBe(error)
  })

  it('reports our timeout even when the work rejects as soon as its signal aborts', async () => {
    const error = await withTimeout(
      (signal) => new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error('socket closed')))),
      { timeoutMs: 10, message: 'provider timed out' },
    ).catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'timeout', message: 'provider timed out' })
  })

  it('rejects with kind aborted when the caller aborts, and aborts the inner signal', async () => {
    const controller = new AbortController()
    const seen: { signal?: AbortSignal } = {}
    const pending = withTimeout((signal) => never(signal, seen), { timeoutMs: 60_000, signal: controller.signal, message: 'slow' })
    controller.abort()
    await expect(pending).rejects.toMatchObject({ kind: 'aborted', retryable: false })
    expect(seen.signal?.aborted).toBe(true)
  })

  it('does not start the work when the caller already aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    let started = false
    const pending = withTimeout(
      async () => {
        started = true
        return 1
      },
      { timeoutMs: 1_000, signal: controller.signal, message: 'slow' },
    )
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' })
    expect(started).toBe(false)
  })

  it('passes the work’s own error through unchanged', async () => {
    const own = new OrchestratorError({ kind: 'auth', message: 'key invalid', retryable: false })
    await expect(withTimeout(async () => Promise.reject(own), { timeoutMs: 1_000, message: 'slow' })).rejects.toBe(own)
    const thrown = new Error('sync throw')
    await expect(
      withTimeout(
        () => {
          throw thrown
        },
        { timeoutMs: 1_000, message: 'slow' },
      ),
    ).rejects.toBe(thrown)
  })

  it('rejects a non-positive timeout as bad input', async () => {
    await expect(withTimeout(async () => 1, { timeoutMs: 0, message: 'slow' })).rejects.toMatchObject({ kind: 'bad_input' })
  })
})
