/**
 * The fact "the server accepted the connection, got the request and closed it without sending a
 * single byte back" (mlx_lm.server does this when a request parameter fails its validation; any
 * server does it when it crashes on a request). node-http-fetch raises it instead of a bare
 * 'socket hang up', so adapters can say what the server did rather than "cannot reach".
 */
import { causeChain } from '../../cause-chain'

export class NoReplyError extends Error {
  override name = 'NoReplyError'
  readonly code = 'UO_NO_REPLY'
}

/** True when `err` or one of its causes is a NoReplyError (SDKs wrap fetch errors). */
export function isNoReply(err: unknown): boolean {
  for (const current of causeChain(err, 6)) if (current instanceof NoReplyError) return true
  return false
}
