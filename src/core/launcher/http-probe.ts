/**
 * One bounded GET of a JSON endpoint (a health check): resolves the parsed body on a 2xx JSON
 * answer and null on anything else — refused, timed out, non-2xx, not JSON. It never throws
 * and never outlives its timeout or the caller's signal.
 */

export async function probeJson(url: string, timeoutMs: number, signal?: AbortSignal): Promise<unknown> {
  const timeout = AbortSignal.timeout(Math.max(1, timeoutMs))
  try {
    const res = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout, headers: { connection: 'close' } })
    if (!res.ok) {
      await res.body?.cancel()
      return null
    }
    return (await res.json()) as unknown
  } catch {
    return null
  }
}
