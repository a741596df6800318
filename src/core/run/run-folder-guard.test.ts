/**
 * Finding 2 of issue 10: replacing runs/<job>/outputs with a symlink mid-run (or importing a
 * folder that has one) sent later writes, and the app's reads, wherever it pointed. Now outputs/
 * is pinned at the start of the run: a link or a swapped folder fails the step with
 * `unsafe_folder` and nothing lands at the link's target; the app refuses to read a run whose
 * outputs/ is a link; replay refuses a folder with a linked part.
 */
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runJob } from '../engine/run-job'
import { replayJob } from '../engine/replay-job'
import { createScriptedProvider, hasToolResults, writeFiles } from '../engine/testing/scripted-provider'
import { DIAMOND_SPEC, makeFixture, readManifest, stepOf, type EngineFixture } from '../engine/testing/engine-fixture'
import { outputHandlers } from '../app/output-handlers'
import type { AppContext } from '../app/app-context'
import { assertOutputsDir, assertRunFolderSafe, pinOutputsDir } from './run-folder-guard'

let fixture: EngineFixture | undefined
const elsewhere = mkdtempSync(join(tmpdir(), 'uo-elsewhere-'))
afterEach(() => {
  fixture = undefined
  for (const name of readdirSync(elsewhere)) rmSync(join(elsewhere, name), { recursive: true, force: true })
})

const CHAIN = DIAMOND_SPEC.replace('retries: 2', 'retries: 0')

/** Runs the diamond; before step `at` answers, `tamper` changes the run folder. */
async function runWithTamper(at: string, tamper: (runDir: string) => void) {
  fixture = makeFixture(CHAIN)
  let runDir = ''
  const provider = createScriptedProvider((request) => {
    const step = stepOf(request)
    if (hasToolResults(request)) return { text: [`${step} done`] }
    if (step === at) tamper(runDir)
    return writeFiles({ [`${step}.txt`]: `from ${step}` })
  })
  const result = await runJob({
    spec: fixture.specPath,
    runsDir: fixture.runsDir,
    providers: { scripted: provider },
    onStart: (info) => {
      runDir = info.runDir
    },
  })
  return result
}

describe('the outputs folder cannot be redirected (T-outputs)', () => {
  it('outputs/ replaced by a symlink mid-run: later writes refused, nothing written at the target', async () => {
    const result = await runWithTamper('b', (runDir) => {
      renameSync(join(runDir, 'outputs'), join(runDir, 'outputs-moved'))
      symlinkSync(elsewhere, join(runDir, 'outputs'))
    })
    expect(result.status).toBe('failed')
    const manifest = readManifest(result.runDir)
    expect(manifest.steps.b?.error).toMatchObject({ kind: 'unsafe_folder', message: expect.stringMatching(/symbolic link/) })
    expect(readdirSync(elsewhere)).toEqual([])
  })

  it('outputs/ swapped for another real folder mid-run: refused by inode', async () => {
    const result = await runWithTamper('b', (runDir) => {
      renameSync(join(runDir, 'outputs'), join(runDir, 'outputs-moved'))
      mkdirSync(join(runDir, 'outputs'))
    })
    expect(readManifest(result.runDir).steps.b?.error).toMatchObject({ kind: 'unsafe_folder', message: expect.stringMatching(/replaced/) })
    expect(readdirSync(join(result.runDir, 'outputs'))).toEqual([])
  })

  it('the app refuses to list or read outputs/ of a run whose outputs/ is a link', async () => {
    const result = await runWithTamper('none', () => undefined)
    expect(result.status).toBe('succeeded')
    writeFileSync(join(elsewhere, 'secret.txt'), 'not yours')
    rmSync(join(result.runDir, 'outputs'), { recursive: true })
    symlinkSync(elsewhere, join(result.runDir, 'outputs'))
    const ctx = { runsDir: fixture?.runsDir ?? '' } as AppContext
    const handlers = outputHandlers(ctx)
    await expect(handlers['outputs.tree']?.({ jobId: result.jobId })).rejects.toMatchObject({ kind: 'unsafe_folder' })
    await expect(handlers['outputs.read']?.({ jobId: result.jobId, path: 'secret.txt' })).rejects.toMatchObject({ kind: 'unsafe_folder' })
  })

  it('replay refuses a run folder with a linked .cache', async () => {
    const result = await runWithTamper('none', () => undefined)
    rmSync(join(result.runDir, '.cache'), { recursive: true })
    symlinkSync(elsewhere, join(result.runDir, '.cache'))
    await expect(replayJob({ runDir: result.runDir, runsDir: fixture?.runsDir ?? '' })).rejects.toMatchObject({ kind: 'unsafe_folder' })
  })

  it('pinning refuses an outputs/ that is already a link, and a deleted one is a typed io error', () => {
    const root = mkdtempSync(join(tmpdir(), 'uo-pin-'))
    try {
      symlinkSync(elsewhere, join(root, 'outputs'))
      expect(() => pinOutputsDir(root)).toThrow(/symbolic link/)
      expect(() => assertRunFolderSafe(root)).toThrow(/symbolic link/)
      rmSync(join(root, 'outputs'))
      mkdirSync(join(root, 'outputs'))
      const pin = pinOutputsDir(root)
      rmSync(join(root, 'outputs'), { recursive: true })
      expect(() => assertOutputsDir(pin)).toThrow(/no longer exists/)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})
