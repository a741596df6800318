/**
 * `orchestrator delete` and `prune`: folder and history row go together; without a terminal they
 * need --yes; a "no" on the terminal deletes nothing; prune keeps the newest N and never touches
 * recent runs with --older-than.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runJob } from '../core/engine/run-job'
import { makeFixture, stepOf, type EngineFixture } from '../core/engine/testing/engine-fixture'
import { createScriptedProvider, hasToolResults, writeFiles } from '../core/engine/testing/scripted-provider'
import { runCli } from './run-cli'
import { fakeIo } from './testing/fake-io'

let fixture: EngineFixture

async function makeRuns(n: number): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    const provider = createScriptedProvider((r) => (hasToolResults(r) ? { text: ['ok'] } : writeFiles({ [`${stepOf(r)}.txt`]: `${i}\n` })))
    ids.push((await runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, providers: { scripted: provider }, env: {} })).jobId)
    await new Promise((r) => setTimeout(r, 5))
  }
  return ids
}

async function listed(): Promise<string[]> {
  const out = fakeIo({ cwd: fixture.dir })
  await runCli(['list', '--json', '--runs-dir', fixture.runsDir], out.io)
  return (JSON.parse(out.stdout()) as { job_id: string }[]).map((r) => r.job_id).sort()
}

describe('orchestrator delete / prune', () => {
  it('deletes a run folder and its history row, asking first', async () => {
    fixture = makeFixture()
    const [a, b] = await makeRuns(2)
    const noTty = fakeIo({ cwd: fixture.dir })
    expect(await runCli(['delete', a ?? '', '--runs-dir', fixture.runsDir], noTty.io)).toBe(2)
    expect(noTty.stderr()).toContain('pass --yes')

    const no = fakeIo({ cwd: fixture.dir })
    no.io.ask = async () => 'n'
    expect(await runCli(['delete', a ?? '', '--runs-dir', fixture.runsDir], no.io)).toBe(1)
    expect(existsSync(join(fixture.runsDir, a ?? ''))).toBe(true)

    const yes = fakeIo({ cwd: fixture.dir })
    yes.io.ask = async () => 'y'
    expect(await runCli(['delete', a ?? '', '--runs-dir', fixture.runsDir], yes.io)).toBe(0)
    expect(existsSync(join(fixture.runsDir, a ?? ''))).toBe(false)
    expect(await listed()).toEqual([b])

    const again = fakeIo({ cwd: fixture.dir })
    expect(await runCli(['delete', a ?? '', '--runs-dir', fixture.runsDir, '--yes'], again.io)).toBe(2)
    expect(again.stderr()).toContain(`no run ${a}`)
  })

  it('prunes all but the newest N, and leaves recent runs for --older-than', async () => {
    fixture = makeFixture()
    const ids = await makeRuns(3)
    const recent = fakeIo({ cwd: fixture.dir })
    expect(await runCli(['prune', '--older-than', '1d', '--yes', '--runs-dir', fixture.runsDir], recent.io)).toBe(0)
    expect(recent.stdout()).toContain('nothing to prune')
    const keep = fakeIo({ cwd: fixture.dir })
    expect(await runCli(['prune', '--keep', '1', '--yes', '--json', '--runs-dir', fixture.runsDir], keep.io)).toBe(0)
    expect((JSON.parse(keep.stdout()) as { deleted: string[] }).deleted.sort()).toEqual([ids[0], ids[1]].sort())
    expect(await listed()).toEqual([ids[2]])
    expect(existsSync(join(fixture.runsDir, ids[0] ?? ''))).toBe(false)
    const bad = fakeIo({ cwd: fixture.dir })
    expect(await runCli(['prune', '--runs-dir', fixture.runsDir], bad.io)).toBe(2)
  })
})
