/**
 * `orchestrator blame`: a file written by step a and rewritten by step b names step b, its turn,
 * model call (also found in the events and the step log) and cache key; the version step a wrote
 * is listed and kept, byte for byte, under versions/<sha256>.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runJob } from '../core/engine/run-job'
import { makeFixture, readEventsStrict, stepOf, type EngineFixture } from '../core/engine/testing/engine-fixture'
import { createScriptedProvider, hasToolResults, writeFiles } from '../core/engine/testing/scripted-provider'
import { sha256Hex } from '../core/sha256'
import { runCli } from './run-cli'
import { fakeIo } from './testing/fake-io'

let fixture: EngineFixture

describe('orchestrator blame', () => {
  it('names the step, turn and model call that wrote a file, and keeps the version it replaced', async () => {
    fixture = makeFixture()
    const provider = createScriptedProvider((request) => {
      const step = stepOf(request)
      if (hasToolResults(request)) return { text: ['done'] }
      if (step === 'a') return writeFiles({ 'shared.txt': 'version from a\n' })
      if (step === 'b') return writeFiles({ 'shared.txt': 'version from b\n' })
      return writeFiles({ [`${step}.txt`]: `${step}\n` })
    })
    const result = await runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, providers: { scripted: provider }, env: {} })
    expect(result.status).toBe('succeeded')

    const json = fakeIo({ cwd: fixture.dir })
    expect(await runCli(['blame', result.jobId, 'shared.txt', '--runs-dir', fixture.runsDir, '--json'], json.io)).toBe(0)
    const blame = JSON.parse(json.stdout()) as {
      current: {
        step: string
        turn: number
        seq: number
        cache_key: string
        model_call: { model_call_id: string; provider: string; turn: number }
      }
      earlier: { sha256: string; step: string; kept_at: string }[]
    }
    expect(blame.current).toMatchObject({ step: 'b', turn: 1, model_call: { provider: 'scripted', turn: 1 } })
    const id = blame.current.model_call.model_call_id
    expect(id).toMatch(/^mc_[0-9a-f]{12}$/)
    const events = readEventsStrict(result.runDir)
    const written = events.find((e) => e.seq === blame.current.seq)
    expect(written).toMatchObject({ type: 'file.written', path: 'shared.txt', model_call_id: id, cache_key: blame.current.cache_key })
    expect(events.some((e) => e.type === 'provider.call' && e.model_call_id === id)).toBe(true)
    expect(readFileSync(join(result.runDir, 'logs', 'b.log'), 'utf8')).toContain(id)

    expect(blame.earlier).toHaveLength(1)
    expect(blame.earlier[0]).toMatchObject({ step: 'a', sha256: sha256Hex('version from a\n') })
    expect(readFileSync(join(result.runDir, blame.earlier[0]?.kept_at ?? ''), 'utf8')).toBe('version from a\n')

    const text = fakeIo({ cwd: fixture.dir })
    expect(await runCli(['blame', result.jobId, 'shared.txt', '--runs-dir', fixture.runsDir], text.io)).toBe(0)
    expect(text.stdout()).toContain(`model call  ${id} (scripted/default, turn 1`)
    expect(text.stdout()).toContain('earlier versions (1, newest first):')

    const missing = fakeIo({ cwd: fixture.dir })
    expect(await runCli(['blame', result.jobId, 'nope.txt', '--runs-dir', fixture.runsDir], missing.io)).toBe(2)
    expect(missing.stderr()).toContain("wrote no file 'nope.txt'")
  })
})
