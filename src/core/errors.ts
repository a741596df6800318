/**
 * Typed errors of the core. Every failure that reaches a user carries a `kind`, whether it is
 * `retryable`, and a message that names the fix. Callers branch on `kind`, never on message text.
 */

export type ErrorKind =
  // spec and input problems (exit code 2)
  | 'spec_unreadable'
  | 'spec_invalid'
  | 'bad_input'
  // provider problems
  | 'auth'
  | 'rate_limit'
  | 'network'
  | 'timeout'
  | 'bad_request'
  | 'context_length'
  | 'model_not_found'
  | 'server'
  | 'protocol'
  /** The server took the request and closed the connection without a byte of reply. */
  | 'no_reply'
  /** A stream was asked for and the server answered with one whole JSON document instead. */
  | 'not_streamed'
  | 'aborted'
  /** The provider failed CB_THRESHOLD times in a row; steps fail fast until its cooldown ends. */
  | 'circuit_open'
  // step and tool problems
  | 'no_files_written'
  | 'max_turns'
  | 'tool_rejected'
  | 'quota_exceeded'
  | 'io'
  | 'not_recorded'
  | 'check_failed'
  | 'check_setup_failed'
  | 'rejected'
  // continuing a job (resume, rerun, approve)
  | 'job_busy'
  | 'nothing_to_resume'
  | 'unsafe_folder'
  | 'budget_exceeded'
  | 'internal'

export interface ErrorInfo {
  kind: ErrorKind
  message: string
  retryable: boolean
  /** HTTP status when the error came from an HTTP response. */
  status?: number
  /** Milliseconds the server asked us to wait (retry-after). */
  retryAfterMs?: number
  /** The provider's request id, when it sent one. */
  requestId?: string
}

export class OrchestratorError extends Error {
  readonly kind: ErrorKind
  readonly retryable: boolean
  readonly status?: number
  readonly retryAfterMs?: number
  readonly requestId?: string

  constructor(info: ErrorInfo, options?: { cause?: unknown }) {
    super(info.message, options)
    this.name = 'OrchestratorError'
    this.kind = info.kind
    this.retryable = info.retryable
    this.status = info.status
    this.retryAfterMs = info.retryAfterMs
    this.requestId = info.requestId
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { kind: this.kind, message: this.message, retryable: this.retryable }
    if (this.status !== undefined) info.status = this.status
    if (this.retryAfterMs !== undefined) info.retryAfterMs = this.retryAfterMs
    if (this.requestId !== undefined) info.requestId = this.requestId
    return info
  }
}

/** Errors raised by provider adapters. Same shape; a distinct class so tests can assert origin. */
export class ProviderError extends OrchestratorError {
  constructor(info: ErrorInfo, options?: { cause?: unknown }) {
    super(info, options)
    this.name = 'ProviderError'
  }
}

/** Converts anything thrown into ErrorInfo without guessing from message text. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof OrchestratorError) return err.toInfo()
  if (err instanceof Error && err.name === 'AbortError') {
    return { kind: 'aborted', message: 'cancelled', retryable: false }
  }
  const message = err instanceof Error ? err.message : String(err)
  return { kind: 'internal', message, retryable: false }
}

/**
 * The one `aborted` error, raised wherever the caller's AbortSignal fires (scheduler, step
 * runner, providers, launcher): never retryable, never confused with a timeout. The signal's
 * reason, or the error that surfaced the abort, is kept as `cause`.
 */
export function abortedError(cause?: unknown): OrchestratorError {
  return new OrchestratorError({ kind: 'aborted', retryable: false, message: 'cancelled' }, cause === undefined ? undefined : { cause })
}
