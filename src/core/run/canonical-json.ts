/**
 * Canonical JSON: object keys sorted (by UTF-16 code units) at every depth, `undefined`
 * properties dropped (as JSON.stringify does; in arrays they become null), no whitespace.
 * Equal data gives equal text whatever the key order, so its hash can address content.
 * Nesting deeper than 512 levels (e.g. a cycle) is refused with a typed error.
 */
import { OrchestratorError } from '../errors'
import { num, str } from './json-text'

const MAX_DEPTH = 512

/** Quoted keys: requests repeat the same few (role, content, …); bounded so odd data cannot grow it. */
const quotedKeys = new Map<string, string>()
const MAX_QUOTED_KEYS = 4096

function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key)
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`
    if (quotedKeys.size < MAX_QUOTED_KEYS) quotedKeys.set(key, quoted)
  }
  return quoted
}

function fail(message: string): never {
  throw new OrchestratorError({ kind: 'internal', retryable: false, message })
}

/** Keys often come in order already (messages' role/content): one pass instead of a sort. */
function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) > (keys[i] as string)) return false
  return true
}

function encode(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return str(value)
    case 'number':
      return num(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'bigint':
      return fail('canonical JSON cannot encode a bigint; convert it to a string or number first')
    case 'object':
      break
    default:
      return undefined
  }
  if (value === null) return 'null'
  if (depth > MAX_DEPTH) fail(`canonical JSON nests deeper than ${MAX_DEPTH} levels (a cyclic structure?)`)
  if ('toJSON' in value && typeof value.toJSON === 'function') return encode((value.toJSON as () => unknown).call(value), depth + 1)
  if (Array.isArray(value)) {
    let out = '['
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ','
      out += encode(value[i], depth + 1) ?? 'null'
    }
    return `${out}]`
  }
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
  if (!isSorted(keys)) keys.sort()
  let out = '{'
  for (const key of keys) {
    const encoded = encode(record[key], depth + 1)
    if (encoded === undefined) continue
    if (out.length > 1) out += ','
    out += quoteKey(key) + encoded
  }
  return `${out}}`
}

export function canonicalJson(value: unknown): string {
  return encode(value, 0) ?? 'null'
}
