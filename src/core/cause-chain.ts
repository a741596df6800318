/**
 * Walking an error and the errors it wraps (`cause`: SDKs and fetch wrap the socket error that
 * says what really happened), outermost first and never more than `limit` deep, so a cyclic or
 * endless chain cannot hang the caller.
 */

export function* causeChain(err: unknown, limit: number): Generator<unknown> {
  for (let current: unknown = err, depth = 0; current !== undefined && current !== null && depth < limit; depth++) {
    yield current
    current = current instanceof Error ? current.cause : undefined
  }
}

/** The first string `code` in the chain (ECONNREFUSED, ENOTFOUND, UND_ERR_…), if any. */
export function systemCode(err: unknown, limit = 5): string | undefined {
  for (const current of causeChain(err, limit)) {
    if (typeof current === 'object' && current !== null && 'code' in current && typeof current.code === 'string') return current.code
  }
  return undefined
}
