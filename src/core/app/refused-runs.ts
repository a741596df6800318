/**
 * Runs the core refused before they started (a provider unreachable, a key or model missing, no
 * sandbox…): nothing was created for them, so the app records each refusal with its reason in
 * `<runsDir>/refused.jsonl` — one JSON object per line, appended — and lists the latest ones for
 * History. Reading skips lines that do not parse (a torn last line); only the newest
 * MAX_KEPT lines are read back.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { refusalSchema, type Refusal } from '../../shared/refusal-contract'
import { OrchestratorError } from '../errors'

export const REFUSED_FILE = 'refused.jsonl'
const MAX_KEPT = 200

export function recordRefusal(runsDir: string, refusal: Refusal): void {
  mkdirSync(runsDir, { recursive: true })
  appendFileSync(join(runsDir, REFUSED_FILE), `${JSON.stringify(refusal)}\n`)
}

export function listRefusals(runsDir: string, limit = 50): Refusal[] {
  let text: string
  try {
    text = readFileSync(join(runsDir, REFUSED_FILE), 'utf8')
  } catch {
    return []
  }
  const out: Refusal[] = []
  for (const line of text.split('\n').slice(-MAX_KEPT - 1)) {
    if (line.trim() === '') continue
    try {
      const parsed = refusalSchema.safeParse(JSON.parse(line))
      if (parsed.success) out.push(parsed.data)
    } catch {
      // a torn or foreign line
    }
  }
  return out.reverse().slice(0, z.number().int().min(1).parse(limit))
}

/** The refusal to record for an error thrown before a run started; null for a spec the user is still fixing. */
export function refusalOf(err: unknown, run: { fileName: string; project: string; provider: string }): Refusal | null {
  const kind = err instanceof OrchestratorError ? err.kind : 'internal'
  if (kind === 'spec_invalid') return null
  const message = err instanceof Error ? err.message : String(err)
  return { ts: new Date().toISOString(), ...run, kind, message }
}
