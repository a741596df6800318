/**
 * Navigation policy of the app window (E7/E8): the window may only load the app's own renderer;
 * every other navigation is blocked, and new windows are always denied — an allowlisted https
 * link is handed to the OS browser instead.
 */
import { vetExternalUrl } from './external-url'
import { isTrustedRendererUrl, type TrustedRenderer } from './trusted-renderer'

export function mayNavigate(targetUrl: string, trusted: TrustedRenderer): boolean {
  return isTrustedRendererUrl(targetUrl, trusted)
}

export interface WindowOpenDecision {
  action: 'deny'
  /** Set when the URL may be opened in the OS browser. */
  external?: string
}

export function decideWindowOpen(targetUrl: string, allowlist?: readonly string[]): WindowOpenDecision {
  const external = vetExternalUrl(targetUrl, allowlist)
  return external === undefined ? { action: 'deny' } : { action: 'deny', external }
}
