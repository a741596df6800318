/**
 * Removes secrets (API keys) from text before it becomes part of an error message. Secrets
 * shorter than 6 characters are ignored so that a blank or dummy key never mangles messages.
 * `safeCause` drops an underlying error whose own text contains a secret, so a key cannot leak
 * through an error's `cause` chain either.
 */

export const REDACTED = '[redacted]'
const MIN_SECRET_LENGTH = 6

function usable(secrets: readonly (string | undefined)[]): string[] {
  return secrets.filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH)
}

export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text
  for (const secret of usable(secrets)) out = out.split(secret).join(REDACTED)
  return out
}

function textOf(err: unknown): string {
  if (err instanceof Error) {
    let extra = ''
    try {
      extra = JSON.stringify(err)
    } catch {
      extra = ''
    }
    return `${err.name} ${err.message} ${extra}`
  }
  try {
    return typeof err === 'string' ? err : JSON.stringify(err) ?? String(err)
  } catch {
    return String(err)
  }
}

export function containsSecret(err: unknown, secrets: readonly (string | undefined)[]): boolean {
  const list = usable(secrets)
  if (list.length === 0) return false
  for (let current: unknown = err, depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    const text = textOf(current)
    if (list.some((secret) => text.includes(secret))) return true
    current = current instanceof Error ? current.cause : undefined
  }
  return false
}

/** The error to attach as `cause`, or undefined when it would carry a secret. */
export function safeCause(err: unknown, secrets: readonly (string | undefined)[]): unknown {
  return containsSecret(err, secrets) ? undefined : err
}
