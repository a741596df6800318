/**
 * Test fixture for engine tests: a run fixture (core/testing/run-fixture.ts) holding a diamond
 * spec (a → (b, c) → d) for the scripted provider, and helpers to read what a run left behind.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import type { ChatRequest } from '../../providers/types'
import { manifestSchema, type Manifest } from '../../../shared/manifest'
import { runEventSchema, type RunEvent } from '../../../shared/run-event'
import { makeRunFixture, type RunFixture } from '../../testing/run-fixture'

export const DIAMOND_SPEC = `project: diamond
task: build a thing
provider: scripted
defaults: { timeout_s: 5, retries: 2, max_turns: 6 }
agents:
  writer:
    role: Writer
    system: You write files with write_file.
    tools: [write_file, read_file, list_files]
    must_write_files: true
steps:
  - { id: a, agent: writer, prompt: "step a: design {{task}}" }
  - { id: b, agent: writer, prompt: "step b: build from {{steps.a.output}}", needs: [a] }
  - { id: c, agent: writer, prompt: "step c: document", needs: [a] }
  - { id: d, agent: writer, prompt: "step d: review {{steps.b.files}}", needs: [b, c] }
`

export type EngineFixture = RunFixture

export function makeFixture(specText = DIAMOND_SPEC): EngineFixture {
  return makeRunFixture(specText)
}

/** Which step of the diamond a request belongs to ('a'…'d'), from its first user message. */
export function stepOf(request: ChatRequest): string {
  const user = request.messages.find((m) => m.role === 'user')
  const match = /^step (\w+):/.exec(user?.content ?? '')
  return match?.[1] ?? '?'
}

export function readManifest(runDir: string): Manifest {
  return manifestSchema().parse(JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')))
}

export function readEventsStrict(runDir: string): RunEvent[] {
  return readFileSync(join(runDir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => runEventSchema().parse(JSON.parse(line)))
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex')
}

/** Every file below dir (relative paths), including temp files. */
export function listTree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort()
}
