/**
 * The one key redactor in front of every sink (events.jsonl, manifest.json, step logs,
 * artifacts, SQLite rows via the manifest, CLI error output). It knows the values of
 * OPENAI_API_KEY, ANTHROPIC_API_KEY and every env variable ending in _API_KEY or _TOKEN, plus
 * keys registered at runtime, and recognises obvious key shapes (`sk-…`, `sk-ant-…`,
 * `Bearer …`, `?key=…` in URLs). Every match becomes `[REDACTED]`.
 * All of it is one precompiled regex, so `test` on a hot path (streamed tokens) is one scan;
 * `redactDeep` copies only when something matched. Values shorter than 8 characters are not
 * treated as secrets (they would mangle ordinary text).
 */

export const REDACTED = '[REDACTED]'
const MIN_SECRET_LENGTH = 8

/** Env variables whose values are secrets. */
export function isSecretEnvName(name: string): boolean {
  return /(?:_API_KEY|_TOKEN)$/i.test(name) || name === 'OPENAI_API_KEY' || name === 'ANTHROPIC_API_KEY'
}

/** Key shapes; a capture group is a prefix to keep (lookbehinds would be ~10× slower). */
const KEY_PATTERNS = [
  String.raw`\bsk-[A-Za-z0-9_-]{16,}`,
  String.raw`\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}`,
  String.raw`([?&](?:key|api[_-]?key|access_token|token)=)[^&#\s"'\\]+`,
]

function keepPrefix(_match: string, bearer: string | undefined, query: string | undefined): string {
  return `${bearer ?? query ?? ''}${REDACTED}`
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
}

export class Redactor {
  private readonly secrets = new Set<string>()
  private pattern: RegExp

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.addSecret(secret)
    this.pattern = this.compile()
  }

  /** A redactor for the secrets in `env` (process.env by default). */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): Redactor {
    const values: string[] = []
    for (const [name, value] of Object.entries(env)) {
      if (value !== undefined && isSecretEnvName(name)) values.push(value)
    }
    return new Redactor(values)
  }

  /** Registers a key learnt at runtime (e.g. from the app's key store). */
  add(secret: string): void {
    if (this.addSecret(secret)) this.pattern = this.compile()
  }

  /** True when `text` contains a secret or a key-shaped string. */
  test(text: string): boolean {
    this.pattern.lastIndex = 0
    return this.pattern.test(text)
  }

  redact(text: string): string {
    if (!this.test(text)) return text
    this.pattern.lastIndex = 0
    return text.replace(this.pattern, keepPrefix)
  }

  /** A copy of `value` with every string redacted; `value` itself when nothing matched. */
  redactDeep<T>(value: T): T {
    return this.walk(value) as T
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value)
    if (Array.isArray(value)) {
      let changed = false
      const out = value.map((item) => {
        const next = this.walk(item)
        if (next !== item) changed = true
        return next
      })
      return changed ? out : value
    }
    if (value !== null && typeof value === 'object') {
      let out: Record<string, unknown> | undefined
      for (const [key, item] of Object.entries(value)) {
        const next = this.walk(item)
        if (next !== item) {
          out ??= Object.assign(Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>, value)
          out[key] = next
        }
      }
      return out ?? value
    }
    return value
  }

  private addSecret(secret: string): boolean {
    const value = secret.trim()
    if (value.length < MIN_SECRET_LENGTH || this.secrets.has(value)) return false
    this.secrets.add(value)
    return true
  }

  private compile(): RegExp {
    const literals = new Set<string>()
    for (const secret of this.secrets) {
      literals.add(secret)
      literals.add(JSON.stringify(secret).slice(1, -1))
    }
    const alternatives = [...[...literals].sort((a, b) => b.length - a.length).map(escapeRegex), ...KEY_PATTERNS]
    return new RegExp(alternatives.join('|'), 'g')
  }
}
