/**
 * Runs an async operation under a deadline and the caller's cancellation. The operation gets a
 * signal that aborts on either; the returned promise settles at once with a typed error and does
 * not wait for the operation to notice: kind 'timeout' (retryable, the caller's message) or kind
 * 'aborted' (not retryable). Timers and listeners are removed on every path.
 */

import { z } from 'zod'
import { OrchestratorError } from '../errors'
import { abortedError } from '../errors'

/** setTimeout's ceiling; longer deadlines mean "no deadline". */
const MAX_TIMER_MS = 2 ** 31 - 1

const optionsSchema = z.object({ timeoutMs: z.number().positive(), message: z.string().min(1) })

export function withTimeout<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  opts: { timeoutMs: number; signal?: AbortSignal; message: string },
): Promise<T> {
  const parsed = optionsSchema.safeParse({ timeoutMs: opts.timeoutMs, message: opts.message })
  if (!parsed.success) {
    return Promise.reject(
      new OrchestratorError({
        kind: 'bad_input',
        message: `Timeout must be a positive number of milliseconds with a message (got ${String(opts.timeoutMs)}); fix the step's timeout_s.`,
        retryable: false,
      }),
    )
  }
  const outer = opts.signal
  if (outer?.aborted) return Promise.reject(abortedError(outer.reason))

  return new Promise<T>((resolve, reject) => {
    const controller = new AbortController()
    let done = false
    let timer: ReturnType<typeof setTimeout> | undefined

    const cleanup = (): void => {
      done = true
      if (timer !== undefined) clearTimeout(timer)
      outer?.removeEventListener('abort', onOuterAbort)
    }
    const fail = (error: OrchestratorError): void => {
      if (done) return
      cleanup()
      reject(error)
      controller.abort(error)
    }
    function onOuterAbort(): void {
      fail(abortedError(outer?.reason))
    }

    if (opts.timeoutMs <= MAX_TIMER_MS) {
      timer = setTimeout(() => {
        fail(new OrchestratorError({ kind: 'timeout', message: opts.message, retryable: true }))
      }, opts.timeoutMs)
    }
    outer?.addEventListener('abort', onOuterAbort, { once: true })

    let pending: Promise<T>
    try {
      pending = Promise.resolve(fn(controller.signal))
    } catch (err) {
      cleanup()
      reject(err)
      return
    }
    pending.then(
      (value) => {
        if (done) return
        cleanup()
        resolve(value)
      },
      (err: unknown) => {
        if (done) return
        cleanup()
        reject(err)
      },
    )
  })
}
