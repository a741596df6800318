/**
 * The identity of the server a provider talks to, as it goes into cache keys: the base URL with
 * scheme and host lower-cased, default ports and trailing slashes dropped, and the loopback
 * names (localhost, ::1) written as 127.0.0.1 — so two spellings of one server share a cache,
 * and two servers never do. Credentials, query and fragment never take part.
 */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

export function endpointIdentity(baseURL: string): string {
  let url: URL
  try {
    url = new URL(baseURL.trim())
  } catch {
    return baseURL.trim().replace(/\/+$/, '')
  }
  const host = LOOPBACK.has(url.hostname.toLowerCase()) ? '127.0.0.1' : url.hostname.toLowerCase()
  const port = url.port ? `:${url.port}` : ''
  const path = url.pathname.replace(/\/+$/, '')
  return `${url.protocol}//${host}${port}${path}`
}
