/**
 * `orchestrator export` + `import` + `replay`: a run exported from one runs folder and imported
 * into another replays there with zero model calls and byte-identical outputs; a zip-slip bundle
 * is refused with exit 2 and nothing written.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bundleItems, patchBytes, writeZip } from '../core/bundle/testing/zip-fixture'
import { runCli } from './run-cli'
import { fakeIo } from './testing/fake-io'
import { examplePath } from '../core/testing/run-fixture'
import { readManifest } from '../core/engine/testing/engine-fixture'
import { testTempDir } from '../core/testing/test-temp-dir'

const TINY = examplePath('tiny_spec')
let dir: string | undefined

describe('orchestrator export / import', () => {
  it('an imported run replays offline with zero calls and identical bytes', async () => {
    dir = testTempDir('uo-bundle-cli-')
    const first = fakeIo({ cwd: dir })
    expect(await runCli(['run', TINY, '--provider', 'demo', '--runs-dir', join(dir, 'a'), '--json'], first.io)).toBe(0)
    const original = JSON.parse(first.stdout()) as { job_id: string; run_dir: string }

    const exp = fakeIo({ cwd: dir })
    expect(await runCli(['export', original.job_id, '--runs-dir', join(dir, 'a'), '-o', 'run.zip', '--json'], exp.io)).toBe(0)
    expect(JSON.parse(exp.stdout())).toMatchObject({ job_id: original.job_id, file: join(dir, 'run.zip') })

    const imp = fakeIo({ cwd: dir })
    expect(await runCli(['import', 'run.zip', '--runs-dir', join(dir, 'b')], imp.io)).toBe(0)
    expect(imp.stdout()).toContain(`imported ${original.job_id}`)
    expect(imp.stdout()).toContain('every hash checked')

    const replay = fakeIo({ cwd: dir })
    expect(await runCli(['replay', original.job_id, '--runs-dir', join(dir, 'b'), '--json'], replay.io)).toBe(0)
    const replayed = readManifest((JSON.parse(replay.stdout()) as { run_dir: string }).run_dir)
    expect(Object.values(replayed.steps).every((s) => s.provider_calls === 0)).toBe(true)
    const before = readManifest(original.run_dir)
    const pairs = (m: typeof before) => m.files.map((f) => `${f.path} ${f.sha256}`).sort()
    expect(pairs(replayed)).toEqual(pairs(before))
    for (const f of before.files) {
      const bytes = (root: string) => readFileSync(join(root, 'outputs', f.path))
      expect(bytes(join(dir, 'b', replayed.job_id)).equals(bytes(original.run_dir))).toBe(true)
    }
  })

  it('refuses a zip-slip bundle with exit 2 and writes nothing', async () => {
    dir = testTempDir('uo-bundle-cli-')
    const first = fakeIo({ cwd: dir })
    expect(await runCli(['run', TINY, '--provider', 'demo', '--runs-dir', join(dir, 'a'), '--json'], first.io)).toBe(0)
    const original = JSON.parse(first.stdout()) as { job_id: string; run_dir: string }
    const zip = join(dir, 'evil.zip')
    await writeZip(
      zip,
      bundleItems(original.run_dir, original.job_id, (items) => [...items, { name: 'outputs/QQQQQ/x.sh', data: 'rm -rf ~' }]),
    )
    patchBytes(zip, 'outputs/QQQQQ/x.sh', 'outputs/../../x.sh')
    const imp = fakeIo({ cwd: dir })
    expect(await runCli(['import', zip, '--runs-dir', join(dir, 'b')], imp.io)).toBe(2)
    expect(imp.stderr()).toMatch(/refused: .*outputs\/\.\.\/\.\.\/x\.sh.*nothing was imported/)
    expect(statSync(join(dir, 'x.sh'), { throwIfNoEntry: false })).toBeUndefined()
    expect(statSync(join(dir, 'b'), { throwIfNoEntry: false })).toBeUndefined()
    expect(readdirSync(dir).sort()).toEqual(['a', 'evil.zip'])
  })
})
