/**
 * `orchestrator diff`: two runs of specs that differ in one step's prompt show that spec key, the
 * first step whose input differs, and the changed line of the output file it wrote; a run
 * compared with itself (or an interrupted copy) is identical (exit 0); --json carries the same.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runJob } from '../core/engine/run-job'
import { makeFixture, DIAMOND_SPEC, type EngineFixture } from '../core/engine/testing/engine-fixture'
import { createScriptedProvider, hasToolResults, writeFiles, type Script } from '../core/engine/testing/scripted-provider'
import { runCli } from './run-cli'
import { fakeIo } from './testing/fake-io'

let fixture: EngineFixture

/** Each step writes <step>.txt whose 3rd line echoes its prompt, and a small binary file. */
const script: Script = (request) => {
  const user = request.messages.find((m) => m.role === 'user')?.content ?? ''
  const step = /^step (\w+):/.exec(user)?.[1] ?? '?'
  if (hasToolResults(request)) return { text: ['done'] }
  return writeFiles({
    [`${step}.txt`]: `header\nline two\nprompt: ${user.split('\n')[0]}\nfooter\n`,
    [`${step}.bin`]: `\u0000${user.length}`,
  })
}

async function runSpec(text: string, name: string): Promise<string> {
  const path = join(fixture.dir, name)
  writeFileSync(path, text)
  const result = await runJob({ spec: path, runsDir: fixture.runsDir, providers: { scripted: createScriptedProvider(script) }, env: {} })
  expect(result.status).toBe('succeeded')
  return result.jobId
}

describe('orchestrator diff', () => {
  it('shows the changed spec key, the first differing step and the changed line', async () => {
    fixture = makeFixture()
    const a = await runSpec(DIAMOND_SPEC, 'a.yaml')
    const b = await runSpec(DIAMOND_SPEC.replace('step c: document', 'step c: document it well'), 'b.yaml')
    const out = fakeIo({ cwd: fixture.dir })
    expect(await runCli(['diff', a, b, '--runs-dir', fixture.runsDir], out.io)).toBe(1)
    const text = out.stdout()
    expect(text).toContain('~ steps.c.prompt: "step c: document" → "step c: document it well"')
    expect(text).toContain('first step whose input differs: c')
    expect(text).toContain('-prompt: step c: document\n+prompt: step c: document it well')
    expect(text).toContain('--- a/c.txt')
    expect(text).toMatch(/~ c\.bin .*binary: sha256 [0-9a-f]{64} → [0-9a-f]{64}/)
    expect(text).not.toContain('a.txt')
    expect(text).toContain('files: 0 added, 0 removed, 2 changed, 6 unchanged')

    const json = fakeIo({ cwd: fixture.dir })
    expect(await runCli(['diff', a, b, '--runs-dir', fixture.runsDir, '--json'], json.io)).toBe(1)
    const parsed = JSON.parse(json.stdout()) as {
      first_divergent_step: string
      files: { path: string; change: string; content?: { kind: string; hunks?: { lines: string[] }[] } }[]
      totals: Record<string, number>
    }
    expect(parsed.first_divergent_step).toBe('c')
    expect(parsed.totals).toEqual({ added: 0, removed: 0, changed: 2, unchanged: 6 })
    const c = parsed.files.find((f) => f.path === 'c.txt')
    expect(c?.content?.hunks?.[0]?.lines).toContain('+prompt: step c: document it well')

    const only = fakeIo({ cwd: fixture.dir })
    await runCli(['diff', a, b, '--runs-dir', fixture.runsDir, '--files-only'], only.io)
    expect(only.stdout()).toContain('~ c.txt')
    expect(only.stdout()).not.toContain('+++ b/c.txt')
  })

  it('finds no differences between a run and itself, or an interrupted copy of it', async () => {
    fixture = makeFixture()
    const a = await runSpec(DIAMOND_SPEC, 'a.yaml')
    const self = fakeIo({ cwd: fixture.dir })
    expect(await runCli(['diff', a, a, '--runs-dir', fixture.runsDir], self.io)).toBe(0)
    expect(self.stdout()).toContain('spec: identical resolved specs')
    expect(self.stdout()).toContain('every step got the same input')

    const b = await runSpec(DIAMOND_SPEC, 'b.yaml')
    const manifestPath = join(fixture.runsDir, b, 'manifest.json')
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { status: string; files: { path: string }[] }
    manifest.status = 'interrupted'
    manifest.files = manifest.files.filter((f) => f.path !== 'd.txt')
    writeFileSync(manifestPath, JSON.stringify(manifest))
    const partial = fakeIo({ cwd: fixture.dir })
    expect(await runCli(['diff', a, b, '--runs-dir', fixture.runsDir], partial.io)).toBe(1)
    expect(partial.stdout()).toContain('interrupted')
    expect(partial.stdout()).toMatch(/^- d\.txt {2}\(removed/m)
  })

  it('is bad input (exit 2) for an unknown run', async () => {
    fixture = makeFixture()
    const out = fakeIo({ cwd: fixture.dir })
    expect(await runCli(['diff', 'job_0123456789ab', 'job_0123456789ac', '--runs-dir', fixture.runsDir], out.io)).toBe(2)
    expect(out.stderr()).toContain('no run job_0123456789ab')
  })
})
