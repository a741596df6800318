/**
 * Turns zod issues into SpecIssues a user can act on: every issue (not just the first), its path
 * rendered like `steps[2].needs[0]`, the line and column of that YAML node, unknown keys named one
 * by one with a "did you mean" hint, and missing keys named as missing.
 */
import type { core } from 'zod'
import { agentSchema, defaultsSchema, optionsSchema, specSchema, stepSchema } from './spec-schema'
import { suggestion } from './suggest'
import type { SpecIssue } from './types'
import { issueAt, type DataPath, type Locator } from './yaml-locate'

const KEYS = {
  top: Object.keys(specSchema.shape),
  options: Object.keys(optionsSchema.shape),
  defaults: Object.keys(defaultsSchema.shape),
  agent: Object.keys(agentSchema.shape),
  step: Object.keys(stepSchema.shape),
}

function knownKeys(path: DataPath): string[] {
  const last = path[path.length - 1]
  if (path.length === 0) return KEYS.top
  if (last === 'options') return KEYS.options
  if (last === 'defaults' && path.length === 1) return KEYS.defaults
  if (path[0] === 'agents' && path.length === 2) return KEYS.agent
  if (path[0] === 'steps' && path.length === 2) return KEYS.step
  return []
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
}

function describe(value: unknown): string {
  if (value === null) return 'nothing (null)'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') return `text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`
  if (typeof value === 'number') return Number.isInteger(value) ? `the number ${value}` : `the number ${value}`
  if (typeof value === 'boolean') return String(value)
  return typeof value
}

function lookup(data: unknown, path: DataPath): { found: boolean; value: unknown } {
  let cur: unknown = data
  for (const seg of path) {
    if (typeof cur !== 'object' || cur === null) return { found: false, value: undefined }
    const key = typeof seg === 'symbol' ? seg : String(seg)
    if (!Object.prototype.hasOwnProperty.call(cur, key)) return { found: false, value: undefined }
    cur = (cur as Record<PropertyKey, unknown>)[key]
  }
  return { found: true, value: cur }
}

function bound(issue: { origin: string; minimum?: number | bigint; maximum?: number | bigint }, message: string): string {
  if (issue.origin === 'number' || issue.origin === 'int') {
    return issue.minimum !== undefined ? `must be at least ${issue.minimum}` : `must be at most ${issue.maximum}`
  }
  return message
}

export function zodIssuesToSpecIssues(issues: readonly core.$ZodIssue[], data: unknown, locate: Locator): SpecIssue[] {
  const out: SpecIssue[] = []
  for (const issue of issues) {
    const path = issue.path
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          const hint = suggestion(key, knownKeys(path), 'allowed keys')
          out.push(issueAt(locate, [...path, key], `unknown key '${key}'${hint}`, true))
        }
        break
      case 'invalid_type': {
        const at = lookup(data, path)
        const last = path[path.length - 1]
        if (!at.found && typeof last === 'string') {
          out.push(issueAt(locate, path, `missing required key '${last}'`))
        } else {
          out.push(issueAt(locate, path, `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describe(at.value)}`))
        }
        break
      }
      case 'invalid_key': {
        const inner = issue.issues[0]?.message ?? issue.message
        out.push(issueAt(locate, path, inner, true))
        break
      }
      case 'invalid_value':
        out.push(issueAt(locate, path, `must be one of: ${issue.values.map((v) => String(v)).join(', ')}`))
        break
      case 'too_small':
      case 'too_big':
        out.push(issueAt(locate, path, bound(issue, issue.message)))
        break
      default:
        out.push(issueAt(locate, path, issue.message))
    }
  }
  return out
}
