/**
 * The one error the scheduler raises when a caller's AbortSignal fires: kind 'aborted', never
 * retryable. The signal's reason is kept as `cause`.
 */

import { OrchestratorError } from '../errors'

export function abortedError(reason?: unknown): OrchestratorError {
  return new OrchestratorError(
    { kind: 'aborted', message: 'Cancelled before it finished; start the run again to continue.', retryable: false },
    reason === undefined ? undefined : { cause: reason },
  )
}
