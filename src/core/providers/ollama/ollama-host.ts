/**
 * Resolves the Ollama base URL a client should call from the environment: OLLAMA_HOST, then the
 * seed's OLLAMA_BASE_URL, then http://127.0.0.1:11434. Accepts what users actually write
 * ("host:port", ":11434", "0.0.0.0:11434", with or without scheme). Bind-all addresses become
 * 127.0.0.1, because a client cannot connect to them. The result never ends with a slash.
 */

export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434'
const DEFAULT_PORT = '11434'
const BIND_ALL = new Set(['0.0.0.0', '[::]', '::'])

export function normalizeOllamaHost(raw: string): string {
  let text = raw.trim()
  if (text === '') return DEFAULT_OLLAMA_HOST
  if (text.startsWith(':')) text = `127.0.0.1${text}`
  const explicitScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text)
  if (!explicitScheme) text = `http://${text}`
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return DEFAULT_OLLAMA_HOST
  }
  const hostname = BIND_ALL.has(url.hostname) ? '127.0.0.1' : url.hostname
  const port = url.port || (explicitScheme ? '' : DEFAULT_PORT)
  const auth = url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : ''
  const path = url.pathname.replace(/\/+$/, '')
  return `${url.protocol}//${auth}${hostname}${port ? `:${port}` : ''}${path}`
}

export function ollamaHostFromEnv(env: NodeJS.ProcessEnv): string {
  const raw = env.OLLAMA_HOST?.trim() || env.OLLAMA_BASE_URL?.trim()
  return raw ? normalizeOllamaHost(raw) : DEFAULT_OLLAMA_HOST
}
