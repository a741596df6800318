/**
 * Vets a URL before it goes to `shell.openExternal` (E9/I4). Only `https:` URLs without
 * credentials whose host is an allowlisted domain or one of its subdomains pass; `file:`,
 * `javascript:`, `smb:`, custom schemes, `http:` and look-alike hosts such as
 * `https://ok.com.evil.com` are refused. Host matching is on the parsed, punycoded host name.
 */

const DEFAULT_EXTERNAL_HOSTS: readonly string[] = [
  'github.com',
  'ollama.com',
  'openai.com',
  'anthropic.com',
  'electronjs.org',
  'nodejs.org',
]

function hostAllowed(hostname: string, allowlist: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '')
  return allowlist.some((allowed) => {
    const domain = allowed.toLowerCase()
    return host === domain || host.endsWith(`.${domain}`)
  })
}

/** The URL to open, or undefined when it must not be opened. */
export function vetExternalUrl(raw: unknown, allowlist: readonly string[] = DEFAULT_EXTERNAL_HOSTS): string | undefined {
  if (typeof raw !== 'string' || raw.length > 2048) return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return undefined
  }
  if (url.protocol !== 'https:') return undefined
  if (url.username !== '' || url.password !== '') return undefined
  if (url.port !== '' && url.port !== '443') return undefined
  if (!hostAllowed(url.hostname, allowlist)) return undefined
  return url.href
}
