/**
 * A run folder alone is enough to replay its run: copied to an empty runs dir (no shared cache),
 * it replays with zero provider calls into identical outputs; a request the recorded run never
 * made fails with `not_recorded` instead of reaching a model.
 */
import { cpSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { replayJob } from './replay-job'
import { runJob } from './run-job'
import { createScriptedProvider, hasToolResults, writeFiles } from './testing/scripted-provider'
import { makeFixture, readManifest, stepOf, type EngineFixture } from './testing/engine-fixture'

let fixture: EngineFixture | undefined

async function recordRun(f: EngineFixture): Promise<string> {
  const provider = createScriptedProvider((request) => {
    const step = stepOf(request)
    return hasToolResults(request) ? { text: [`${step} done`] } : writeFiles({ [`${step}.txt`]: `made by ${step}\n` })
  })
  const result = await runJob({ spec: f.specPath, runsDir: f.runsDir, providers: { scripted: provider }, env: {} })
  expect(result.status).toBe('succeeded')
  return result.runDir
}

function copyAlone(runDir: string, f: EngineFixture): string {
  const target = join(f.dir, 'elsewhere', 'runs', runDir.split('/').at(-1) ?? 'x')
  cpSync(runDir, target, { recursive: true })
  return target
}

describe('replayJob', () => {
  it('replays a copied run folder with zero provider calls and identical outputs', async () => {
    fixture = makeFixture()
    const original = await recordRun(fixture)
    const copy = copyAlone(original, fixture)
    const replay = await replayJob({ runDir: copy, runsDir: join(fixture.dir, 'elsewhere', 'runs'), env: {} })
    expect(replay.status).toBe('succeeded')
    const manifest = readManifest(replay.runDir)
    expect(Object.values(manifest.steps).map((s) => s.provider_calls)).toEqual([0, 0, 0, 0])
    expect(Object.values(manifest.steps).every((s) => s.provider === 'scripted')).toBe(true)
    const files = (m: ReturnType<typeof readManifest>) => m.files.map((f) => [f.path, f.sha256]).sort()
    expect(files(manifest)).toEqual(files(readManifest(original)))
  })

  it('fails a step whose answer was not recorded, without calling any model', async () => {
    fixture = makeFixture()
    const copy = copyAlone(await recordRun(fixture), fixture)
    for (const name of readdirSync(join(copy, '.cache'))) rmSync(join(copy, '.cache', name))
    const replay = await replayJob({ runDir: copy, runsDir: join(fixture.dir, 'elsewhere', 'runs'), env: {} })
    expect(replay.status).toBe('failed')
    expect(readManifest(replay.runDir).steps.a?.error?.kind).toBe('not_recorded')
  })

  it('refuses a folder whose inputs were tampered with', async () => {
    fixture = makeFixture()
    const copy = copyAlone(await recordRun(fixture), fixture)
    writeFileSync(join(copy, 'inputs', 'spec.yaml'), 'project: other\ntask: t\n')
    await expect(replayJob({ runDir: copy, runsDir: join(fixture.dir, 'elsewhere', 'runs'), env: {} })).rejects.toMatchObject({
      kind: 'bad_input',
    })
  })
})
