/**
 * Canonical JSON: object keys sorted (by UTF-16 code units) at every depth, `undefined`
 * properties dropped (as JSON.stringify does; in arrays they become null), no whitespace.
 * Equal data gives equal text whatever the key order, so its hash can address content.
 * Nesting deeper than 512 levels (e.g. a cycle) is refused with a typed error.
 */
import { OrchestratorError } from '../errors'

const MAX_DEPTH = 512

function fail(message: string): never {
  throw new OrchestratorError({ kind: 'internal', retryable: false, message })
}

function encode(input: unknown, depth: number): string | undefined {
  let value = input
  if (typeof value === 'object' && value !== null && 'toJSON' in value && typeof value.toJSON === 'function') {
    value = (value.toJSON as () => unknown).call(value)
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null'
    case 'boolean':
      return value ? 'true' : 'false'
    case 'bigint':
      return fail('canonical JSON cannot encode a bigint; convert it to a string or number first')
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined
  }
  if (value === null || typeof value !== 'object') return 'null'
  if (depth > MAX_DEPTH) fail(`canonical JSON nests deeper than ${MAX_DEPTH} levels (a cyclic structure?)`)
  let out: string
  if (Array.isArray(value)) {
    out = `[${value.map((item: unknown) => encode(item, depth + 1) ?? 'null').join(',')}]`
  } else {
    const record = value as Record<string, unknown>
    const fields: string[] = []
    for (const key of Object.keys(record).sort()) {
      const encoded = encode(record[key], depth + 1)
      if (encoded !== undefined) fields.push(`${JSON.stringify(key)}:${encoded}`)
    }
    out = `{${fields.join(',')}}`
  }
  return out
}

export function canonicalJson(value: unknown): string {
  return encode(value, 0) ?? 'null'
}
