/**
 * Redaction for error messages and `cause` chains built from provider errors, using the same
 * rules as every other sink (the one Redactor: known key values of 8+ characters, key shapes,
 * `[REDACTED]`). `safeCause` drops an underlying error whose own text carries a secret, so a key
 * cannot leak through an error's `cause` chain either.
 */
import { Redactor } from './redactor'
import { causeChain } from '../cause-chain'

type Secrets = readonly (string | undefined)[]

function redactorFor(secrets: Secrets): Redactor {
  return new Redactor(secrets.filter((s): s is string => typeof s === 'string'))
}

export function redactSecrets(text: string, secrets: Secrets): string {
  return redactorFor(secrets).redact(text)
}

function textOf(err: unknown): string {
  let json: string
  try {
    json = JSON.stringify(err) ?? ''
  } catch {
    json = ''
  }
  return err instanceof Error ? `${err.name} ${err.message} ${json}` : typeof err === 'string' ? err : json || String(err)
}

function containsSecret(err: unknown, secrets: Secrets): boolean {
  const redactor = redactorFor(secrets)
  for (const current of causeChain(err, 5)) if (redactor.test(textOf(current))) return true
  return false
}

/** The error to attach as `cause`, or undefined when it would carry a secret. */
export function safeCause(err: unknown, secrets: Secrets): unknown {
  return containsSecret(err, secrets) ? undefined : err
}
