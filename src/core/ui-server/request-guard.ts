/**
 * Who may talk to the browser-mode server. Pure checks, applied before any work:
 * - Host must be `127.0.0.1:<port>` or `localhost:<port>` (a DNS-rebinding page arrives with its
 *   own host name and is refused);
 * - Origin, when present, must be this server's own origin (other pages cannot call the API;
 *   non-browser clients send none);
 * - the bearer token must match, compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export type GuardFailure = { status: 401 | 403; message: string }

export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`]
}

function allowedOrigins(port: number): string[] {
  return allowedHosts(port).map((h) => `http://${h}`)
}

export function checkHost(host: string | undefined, port: number): GuardFailure | undefined {
  if (host !== undefined && allowedHosts(port).includes(host.toLowerCase())) return undefined
  return { status: 403, message: `host not allowed; open http://127.0.0.1:${port}/ exactly as printed by 'orchestrator ui'` }
}

export function checkOrigin(origin: string | undefined, port: number): GuardFailure | undefined {
  if (origin === undefined || allowedOrigins(port).includes(origin.toLowerCase())) return undefined
  return { status: 403, message: 'cross-origin requests are not allowed' }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

export function tokenMatches(given: string | undefined | null, expected: string): boolean {
  if (typeof given !== 'string' || given === '') return false
  return timingSafeEqual(digest(given), digest(expected))
}

export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(authorization ?? '')
  return match?.[1]
}
