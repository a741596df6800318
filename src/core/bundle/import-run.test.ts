/**
 * importRun refuses hostile or damaged bundles with one clear error and leaves nothing behind:
 * zip-slip names, absolute paths, links, duplicates, zip bombs, truncated zips, hash and
 * manifest mismatches, an unwritable runs folder. A good bundle imports, also when its job id
 * already exists here (then under a new id).
 */
import { readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { runJob } from '../engine/run-job'
import { createScriptedProvider, hasToolResults, writeFiles } from '../engine/testing/scripted-provider'
import { DIAMOND_SPEC } from '../engine/testing/engine-fixture'
import { exportRun } from './export-run'
import { importRun } from './import-run'
import { bundleItems, patchBytes, writeZip } from './testing/zip-fixture'
import { testTempDir } from '../testing/test-temp-dir'

let dir: string
let runDir: string
let jobId: string
let runsB: string

beforeEach(async () => {
  dir = testTempDir('uo-bundle-')
  const specPath = join(dir, 'spec.yaml')
  writeFileSync(specPath, DIAMOND_SPEC)
  const provider = createScriptedProvider((request) => {
    const step = /^step (\w+):/.exec(request.messages.find((m) => m.role === 'user')?.content ?? '')?.[1] ?? '?'
    return hasToolResults(request) ? { text: ['ok'] } : writeFiles({ [`src/${step}.txt`]: `file ${step}\n` })
  })
  const result = await runJob({ spec: specPath, runsDir: join(dir, 'a'), providers: { scripted: provider }, env: {} })
  runDir = result.runDir
  jobId = result.jobId
  runsB = join(dir, 'b')
})

/** Everything below dir except run A, so a refusal can be shown to have written nothing. */
function treeOutsideRunA(): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((p) => !p.startsWith('a') && !p.endsWith('.zip'))
    .sort()
}

async function expectRefused(zip: string, message: RegExp, runsDir = runsB): Promise<void> {
  const before = treeOutsideRunA()
  await expect(importRun({ zipFile: zip, runsDir })).rejects.toMatchObject({ kind: 'bad_input', message })
  const after = treeOutsideRunA().filter((p) => p !== 'b')
  expect(after).toEqual(before.filter((p) => p !== 'b'))
  const left = statSync(runsDir, { throwIfNoEntry: false }) ? readdirSync(runsDir).filter((n) => !n.startsWith('history.sqlite')) : []
  expect(left).toEqual([])
}

describe('importRun', () => {
  it('imports an exported run, and a second time under a new job id', async () => {
    const zip = join(dir, 'run.zip')
    const exported = await exportRun({ runDir, outFile: zip })
    expect(exported.entries).toBeGreaterThan(8)
    const first = await importRun({ zipFile: zip, runsDir: runsB })
    expect(first.jobId).toBe(jobId)
    expect(readFileSync(join(first.runDir, 'outputs', 'src', 'b.txt'), 'utf8')).toBe('file b\n')
    const second = await importRun({ zipFile: zip, runsDir: runsB })
    expect(second.jobId).not.toBe(jobId)
    expect(second.originalJobId).toBe(jobId)
    const manifest = JSON.parse(readFileSync(join(second.runDir, 'manifest.json'), 'utf8')) as { job_id: string }
    expect(manifest.job_id).toBe(second.jobId)
    const events = readFileSync(join(second.runDir, 'events.jsonl'), 'utf8')
    expect(events).not.toContain(jobId)
    expect(events).toContain(second.jobId)
    expect(readdirSync(runsB).filter((n) => n.startsWith('.import-'))).toEqual([])
  })

  it('refuses a zip-slip entry (..) and writes nothing', async () => {
    const zip = join(dir, 'slip.zip')
    await writeZip(
      zip,
      bundleItems(runDir, jobId, (items) => [...items, { name: 'QQQQQQQQ/evil.txt', data: 'pwned' }]),
    )
    patchBytes(zip, 'QQQQQQQQ/evil.txt', '../../../evil.txt')
    await expectRefused(zip, /refused: .*\.\.\/\.\.\/\.\.\/evil\.txt/)
    expect(statSync(join(dir, 'evil.txt'), { throwIfNoEntry: false })).toBeUndefined()
  })

  it('refuses absolute paths, names outside a run folder, links and duplicates', async () => {
    const abs = join(dir, 'abs.zip')
    await writeZip(
      abs,
      bundleItems(runDir, jobId, (items) => [...items, { name: 'QQQQ/passwd', data: 'x' }]),
    )
    patchBytes(abs, 'QQQQ/passwd', '/etc/passwd')
    await expectRefused(abs, /refused: .*\/etc\/passwd/)

    const other = join(dir, 'other.zip')
    await writeZip(
      other,
      bundleItems(runDir, jobId, (items) => [...items, { name: 'home/.bashrc', data: 'x' }]),
    )
    await expectRefused(other, /'home\/\.bashrc' is not part of a run folder/)

    const link = join(dir, 'link.zip')
    await writeZip(
      link,
      bundleItems(runDir, jobId, (items) => [...items, { name: 'outputs/link', data: '/etc/passwd', mode: 0o120777 }]),
    )
    await expectRefused(link, /'outputs\/link' is a symbolic link/)

    const dup = join(dir, 'dup.zip')
    await writeZip(
      dup,
      bundleItems(runDir, jobId, (items) => [...items, { name: 'outputs/SRC/b.txt', data: 'x' }]),
    )
    await expectRefused(dup, /'outputs\/(SRC|src)\/b\.txt' appears twice/)
  })

  it('refuses a zip bomb by its declared size before unpacking anything', async () => {
    const zip = join(dir, 'bomb.zip')
    await writeZip(
      zip,
      bundleItems(runDir, jobId, (items) => [...items, { name: 'outputs/zeros.bin', data: Buffer.alloc(20 << 20) }]),
    )
    expect(statSync(zip).size).toBeLessThan(1 << 20)
    const before = treeOutsideRunA()
    await expect(importRun({ zipFile: zip, runsDir: runsB, limits: { maxFileBytes: 1 << 20 } })).rejects.toMatchObject({
      message: /outputs\/zeros\.bin' declares 20971520 bytes, over the 1048576-byte limit/,
    })
    await expect(importRun({ zipFile: zip, runsDir: runsB, limits: { maxTotalBytes: 4 << 20 } })).rejects.toMatchObject({
      message: /more than 4194304 bytes/,
    })
    expect(treeOutsideRunA().filter((p) => !p.startsWith('b'))).toEqual(before.filter((p) => !p.startsWith('b')))
  })

  it('refuses a truncated zip, a hash mismatch and a manifest mismatch', async () => {
    const zip = join(dir, 'run.zip')
    await exportRun({ runDir, outFile: zip })
    const cut = join(dir, 'cut.zip')
    writeFileSync(cut, readFileSync(zip).subarray(0, Math.floor(statSync(zip).size / 2)))
    await expectRefused(cut, /refused: it is not a readable zip file/)
    truncateSync(zip, statSync(zip).size - 10)
    await expectRefused(zip, /refused/)

    const altered = join(dir, 'altered.zip')
    const items = bundleItems(runDir, jobId)
    const index = items.at(-1)
    await writeZip(altered, [...items.slice(0, -1).map((i) => (i.name === 'outputs/src/a.txt' ? { ...i, data: 'file X\n' } : i)), index!])
    await expectRefused(altered, /'outputs\/src\/a\.txt' does not match its SHA-256 in bundle\.json/)

    const mismatch = join(dir, 'mismatch.zip')
    await writeZip(
      mismatch,
      bundleItems(runDir, jobId, (all) => all.map((i) => (i.name === 'outputs/src/a.txt' ? { ...i, data: 'file X\n' } : i))),
    )
    await expectRefused(mismatch, /outputs\/src\/a\.txt does not match the SHA-256 in manifest\.json/)
  })

  it('says so once when the runs folder cannot be written, and leaves nothing', async () => {
    const zip = join(dir, 'run.zip')
    await exportRun({ runDir, outFile: zip })
    const notADir = join(dir, 'file-not-dir')
    writeFileSync(notADir, 'x')
    await expect(importRun({ zipFile: zip, runsDir: notADir })).rejects.toMatchObject({
      kind: 'io',
      message: /cannot import into .*file-not-dir/,
    })
    expect(readFileSync(notADir, 'utf8')).toBe('x')
  })
})
