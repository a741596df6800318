/**
 * Small JSON writers shared by the hand-built serialisers (hot-event-json, canonical-json). Each
 * gives exactly JSON.stringify's text for the values it accepts; `usageJson` gives undefined for
 * anything but a plain object of numbers, so the caller can fall back to JSON.stringify.
 */

/** Characters JSON.stringify escapes (quote, backslash, controls) and surrogates (lone ones are escaped). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/

export function str(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`
}

/** Number text as JSON.stringify writes it (String(n) for finite numbers, null otherwise). */
export function num(n: number): string {
  return Number.isFinite(n) ? `${n}` : 'null'
}

/** True when `value`'s enumerable keys are exactly `keys`, in that order. */
export function hasKeys(value: object, keys: readonly string[]): boolean {
  let i = 0
  for (const key in value) if (key !== keys[i++]) return false
  return i === keys.length
}

/** A usage object: only number (or undefined, skipped) values; anything else gives undefined. */
export function usageJson(usage: unknown): string | undefined {
  if (usage === null || typeof usage !== 'object' || Object.getPrototypeOf(usage) !== Object.prototype) return undefined
  let out = '{'
  const record = usage as Record<string, unknown>
  for (const key in record) {
    const value = record[key]
    if (value === undefined) continue
    if (typeof value !== 'number') return undefined
    if (out.length > 1) out += ','
    out += `${str(key)}:${num(value)}`
  }
  return `${out}}`
}
