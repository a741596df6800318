/**
 * Key-by-key comparison of two resolved specs (inputs/spec.resolved.json). Objects flatten to
 * dotted keys (`options.temperature`); arrays of objects with an `id` (the steps) are keyed by
 * that id (`steps.builder.prompt`), so inserting a step does not make every later step look
 * changed; other arrays compare as whole values. `source` (path and hash) is left out: the
 * spec hash is shown with the runs and a moved file is not a change.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isRecord } from '../spec/is-record'

export interface SpecChange {
  key: string
  change: 'added' | 'removed' | 'changed'
  /** JSON value in run A (absent when added). */
  a?: unknown
  b?: unknown
}

const IGNORED_TOP_KEYS = new Set(['source'])

function keyedById(value: unknown[]): Map<string, unknown> | null {
  const map = new Map<string, unknown>()
  for (const item of value) {
    if (!isRecord(item) || typeof item.id !== 'string' || map.has(item.id)) return null
    map.set(item.id, item)
  }
  return map
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (isRecord(value)) {
    const keys = Object.keys(value)
    if (keys.length === 0 && prefix !== '') out.set(prefix, value)
    for (const key of keys) {
      if (prefix === '' && IGNORED_TOP_KEYS.has(key)) continue
      flatten(value[key], prefix === '' ? key : `${prefix}.${key}`, out)
    }
    return
  }
  if (Array.isArray(value) && value.length > 0) {
    const byId = keyedById(value)
    if (byId) {
      for (const [id, item] of byId) flatten(item, `${prefix}.${id}`, out)
      return
    }
  }
  out.set(prefix, value)
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Every key that differs between two spec objects, in a stable order (A's keys, then B's new ones). */
export function diffSpecs(a: unknown, b: unknown): SpecChange[] {
  const left = new Map<string, unknown>()
  const right = new Map<string, unknown>()
  flatten(a, '', left)
  flatten(b, '', right)
  const changes: SpecChange[] = []
  for (const [key, value] of left) {
    if (!right.has(key)) changes.push({ key, change: 'removed', a: value })
    else if (!same(value, right.get(key))) changes.push({ key, change: 'changed', a: value, b: right.get(key) })
  }
  for (const [key, value] of right) if (!left.has(key)) changes.push({ key, change: 'added', b: value })
  return changes
}

/** The resolved spec a run recorded, or null when its inputs/ lack it (or it does not parse). */
export function readResolvedSpec(runDir: string): unknown {
  try {
    return JSON.parse(readFileSync(join(runDir, 'inputs', 'spec.resolved.json'), 'utf8')) as unknown
  } catch {
    return null
  }
}
