/**
 * The one `aborted` ProviderError every adapter throws when the caller's signal fires:
 * not retryable, never confused with a timeout.
 */
import { ProviderError } from '../errors'

export function abortedError(cause?: unknown): ProviderError {
  return new ProviderError({ kind: 'aborted', retryable: false, message: 'cancelled' }, { cause })
}
