/**
 * Response headers of the browser-mode server. The CSP is the Electron renderer's: scripts only
 * from the server itself (no inline or eval), inline styles for React Flow, images from self and
 * data: URLs, and connections only back to a localhost server.
 */

const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*"

/** Sent on every response. */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

/** Sent on HTML documents. */
export const HTML_HEADERS: Readonly<Record<string, string>> = {
  ...BASE_HEADERS,
  'Content-Security-Policy': RENDERER_CSP,
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
}
