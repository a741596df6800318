/**
 * `orchestrator replay`: a run folder copied to another runs dir replays by path with zero model
 * calls and identical files; a job id that does not exist, or a folder that is not a run, is bad
 * input (exit 2).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { manifestSchema } from '../shared/manifest'
import { runCli } from './run-cli'
import { fakeIo } from './testing/fake-io'
import { examplePath } from '../core/testing/run-fixture'

const TINY = examplePath('tiny_spec')
let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function manifestOf(runDir: string) {
  return manifestSchema.parse(JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')))
}

describe('orchestrator replay', () => {
  it('replays a copied run folder by path with zero model calls', async () => {
    dir = mkdtempSync(join(tmpdir(), 'uo-replay-'))
    const first = fakeIo({ cwd: dir })
    expect(await runCli(['run', TINY, '--provider', 'demo', '--runs-dir', join(dir, 'a'), '--json'], first.io)).toBe(0)
    const original = JSON.parse(first.stdout()) as { run_dir: string }
    // the manifest itself says the demo provider answered, not a model
    expect(manifestOf(original.run_dir).notices.join(' ')).toMatch(/offline demo provider/)
    const moved = join(dir, 'usb-stick', 'old-run')
    cpSync(original.run_dir, moved, { recursive: true })

    const replay = fakeIo({ cwd: dir })
    expect(await runCli(['replay', moved, '--runs-dir', join(dir, 'b'), '--json'], replay.io)).toBe(0)
    const result = JSON.parse(replay.stdout()) as { run_dir: string; status: string }
    expect(result.status).toBe('succeeded')
    const replayed = manifestOf(result.run_dir)
    expect(Object.values(replayed.steps).every((s) => s.provider_calls === 0 && s.provider === 'demo')).toBe(true)
    const files = (m: ReturnType<typeof manifestOf>) => m.files.map((f) => `${f.path} ${f.sha256}`).sort()
    expect(files(replayed)).toEqual(files(manifestOf(original.run_dir)))
  })

  it('exits 2 for an unknown job id or a folder that is not a run', async () => {
    dir = mkdtempSync(join(tmpdir(), 'uo-replay-'))
    const unknown = fakeIo({ cwd: dir })
    expect(await runCli(['replay', 'job_0123456789ab', '--runs-dir', join(dir, 'runs')], unknown.io)).toBe(2)
    expect(unknown.stderr()).toMatch(/no run job_0123456789ab/)
    const notRun = fakeIo({ cwd: dir })
    expect(await runCli(['replay', dir], notRun.io)).toBe(2)
    expect(notRun.stderr()).toMatch(/neither a job id nor a run folder/)
  })
})
