/**
 * `orchestrator replay`: a run folder copied to another runs dir replays by path with zero model
 * calls and identical files; a job id that does not exist, or a folder that is not a run, is bad
 * input (exit 2).
 */
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from './run-cli'
import { fakeIo } from './testing/fake-io'
import { examplePath } from '../core/testing/run-fixture'
import { readManifest } from '../core/engine/testing/engine-fixture'
import { testTempDir } from '../core/testing/test-temp-dir'

const TINY = examplePath('tiny_spec')
let dir: string | undefined

describe('orchestrator replay', () => {
  it('replays a copied run folder by path with zero model calls', async () => {
    dir = testTempDir('uo-replay-')
    const first = fakeIo({ cwd: dir })
    expect(await runCli(['run', TINY, '--provider', 'demo', '--runs-dir', join(dir, 'a'), '--json'], first.io)).toBe(0)
    const original = JSON.parse(first.stdout()) as { run_dir: string }
    // the manifest itself says the demo provider answered, not a model
    expect(readManifest(original.run_dir).notices.join(' ')).toMatch(/offline demo provider/)
    const moved = join(dir, 'usb-stick', 'old-run')
    cpSync(original.run_dir, moved, { recursive: true })

    const replay = fakeIo({ cwd: dir })
    expect(await runCli(['replay', moved, '--runs-dir', join(dir, 'b'), '--json'], replay.io)).toBe(0)
    const result = JSON.parse(replay.stdout()) as { run_dir: string; status: string }
    expect(result.status).toBe('succeeded')
    const replayed = readManifest(result.run_dir)
    expect(Object.values(replayed.steps).every((s) => s.provider_calls === 0 && s.provider === 'demo')).toBe(true)
    const files = (m: ReturnType<typeof readManifest>) => m.files.map((f) => `${f.path} ${f.sha256}`).sort()
    expect(files(replayed)).toEqual(files(readManifest(original.run_dir)))
  })

  it('exits 2 for an unknown job id or a folder that is not a run', async () => {
    dir = testTempDir('uo-replay-')
    const unknown = fakeIo({ cwd: dir })
    expect(await runCli(['replay', 'job_0123456789ab', '--runs-dir', join(dir, 'runs')], unknown.io)).toBe(2)
    expect(unknown.stderr()).toMatch(/no run job_0123456789ab/)
    const notRun = fakeIo({ cwd: dir })
    expect(await runCli(['replay', dir], notRun.io)).toBe(2)
    expect(notRun.stderr()).toMatch(/neither a job id nor a run folder/)
  })
})
