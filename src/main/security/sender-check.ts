/**
 * The IPC sender check (E11/I3): a request is served only when it comes from a live frame whose
 * URL is the app's own renderer. A missing frame (destroyed or navigated away) or any other URL
 * (another origin, a file elsewhere, an iframe of a foreign page) is refused before any work.
 */
import { isTrustedRendererUrl, type TrustedRenderer } from './trusted-renderer'

export interface SenderFrameLike {
  url: string
}

export function isTrustedSender(frame: SenderFrameLike | null | undefined, trusted: TrustedRenderer): boolean {
  if (frame === null || frame === undefined) return false
  return isTrustedRendererUrl(frame.url, trusted)
}
