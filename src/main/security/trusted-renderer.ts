/**
 * Which URLs are "the app's own renderer": the packaged index.html (a file: URL naming exactly
 * that file) or, in development, the dev server's origin. Used to vet IPC senders (E11/I3) and
 * navigations (E7). Comparisons use parsed URLs (`origin`, file path), never string prefixes;
 * file: URLs all share the opaque origin "null", so they are compared by path.
 */
import { fileURLToPath } from 'node:url'
import { resolve } from 'node:path'

export type TrustedRenderer = { kind: 'file'; indexPath: string } | { kind: 'url'; origin: string }

export function trustedRendererFor(devUrl: string | undefined, indexPath: string): TrustedRenderer {
  if (devUrl) {
    const url = new URL(devUrl)
    if ((url.protocol === 'http:' || url.protocol === 'https:') && (url.hostname === 'localhost' || url.hostname === '127.0.0.1')) {
      return { kind: 'url', origin: url.origin }
    }
  }
  return { kind: 'file', indexPath: resolve(indexPath) }
}

function parse(raw: string | null | undefined): URL | undefined {
  if (typeof raw !== 'string' || raw === '') return undefined
  try {
    return new URL(raw)
  } catch {
    return undefined
  }
}

/** True only when `rawUrl` is a page of the app's own renderer. */
export function isTrustedRendererUrl(rawUrl: string | null | undefined, trusted: TrustedRenderer): boolean {
  const url = parse(rawUrl)
  if (!url) return false
  if (trusted.kind === 'url') return url.origin === trusted.origin
  if (url.protocol !== 'file:' || (url.host !== '' && url.host !== 'localhost')) return false
  try {
    return resolve(fileURLToPath(url)) === trusted.indexPath
  } catch {
    return false
  }
}
