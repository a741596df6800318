import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createScriptedProvider } from '../engine/testing/scripted-provider'
import { createAppFixture, TINY_SPEC, type AppFixture } from './testing/app-fixture'

let fx: AppFixture
afterEach(async () => {
  await fx.close()
})

describe('app service: specs and examples', () => {
  it('reports version, runs folder, transport and the bundled examples', async () => {
    fx = createAppFixture()
    const info = await fx.invoke('app.info', {})
    expect(info.runsDir).toBe(fx.runsDir)
    expect(info.transport).toBe('browser')
    expect(info.examples.map((e) => e.name)).toEqual(['notes_api.yaml', 'tiny_spec.yaml'])
    expect(info.examples[0]?.title).toBe('notes-api')
    const example = await fx.invoke('examples.read', { name: 'tiny_spec.yaml' })
    expect(example.text).toBe(TINY_SPEC)
    expect(await fx.raw('examples.read', { name: 'nope.yaml' })).toMatchObject({ ok: false, error: { kind: 'bad_input' } })
    expect(await fx.raw('examples.read', { name: '../package.json' })).toMatchObject({ ok: false, error: { kind: 'bad_input' } })
  })

  it('validates a spec into the graph the UI draws', async () => {
    fx = createAppFixture()
    const result = await fx.invoke('graph.validate', { text: TINY_SPEC, fileName: 'tiny_spec.yaml' })
    if (!result.ok) throw new Error('expected a graph')
    expect(result.graph.steps.map((s) => [s.id, s.needs])).toEqual([
      ['architect', []],
      ['builder', ['architect']],
      ['docs', ['architect']],
      ['qa', ['builder', 'docs']],
    ])
    expect(result.graph.levels).toEqual([['architect'], ['builder', 'docs'], ['qa']])
  })

  it('returns spec issues with line and column as data', async () => {
    fx = createAppFixture()
    const result = await fx.invoke('graph.validate', { text: 'project: x\ntask: "unclosed\n', fileName: 'bad.yaml' })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues[0]?.line).toBeGreaterThan(0)
    expect(result.issues[0]?.column).toBeGreaterThan(0)
  })

  it('refuses to start a broken spec with a spec_invalid error naming line:column, creating nothing', async () => {
    fx = createAppFixture()
    const result = await fx.raw('runs.start', { text: 'project: x\nsteps: [\n', fileName: 'bad.yaml', provider: 'demo' })
    expect(result).toMatchObject({ ok: false, error: { kind: 'spec_invalid' } })
    if (!result.ok) expect(result.error.message).toMatch(/bad\.yaml:\d+:\d+/)
    expect(existsSync(fx.runsDir) ? readdirSync(fx.runsDir).filter((n) => n.startsWith('job_')) : []).toEqual([])
  })

  it('reports a provider preflight failure as a typed error', async () => {
    fx = createAppFixture()
    const result = await fx.raw('runs.start', { text: TINY_SPEC, fileName: 'tiny.yaml', provider: 'no-such-provider' })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.kind).not.toBe('internal')
  })
})

describe('app service: a demo run end to end', () => {
  it('starts, streams events, lists, replays and serves the outputs', async () => {
    const revealed: string[] = []
    fx = createAppFixture({ reveal: (p) => revealed.push(p) > 0 })
    const started = await fx.invoke('runs.start', { text: TINY_SPEC, fileName: 'tiny_spec.yaml', provider: 'demo' })
    expect(started.jobId).toMatch(/^job_[0-9a-f]{12}$/)
    expect(started.runDir).toBe(join(fx.runsDir, started.jobId))
    expect((await fx.invoke('runs.list', {})).active).toEqual([started.jobId])
    await fx.service.waitForRun(started.jobId)

    const types = fx.events.map((e) => e.type)
    expect(types[0]).toBe('job.started')
    expect(types.at(-1)).toBe('job.succeeded')
    expect(types).toContain('step.token')
    expect(fx.events.every((e) => e.job_id === started.jobId)).toBe(true)

    const list = await fx.invoke('runs.list', { status: 'succeeded' })
    expect(list.runs.map((r) => r.job_id)).toEqual([started.jobId])
    expect(list.active).toEqual([])

    const got = await fx.invoke('runs.get', { jobId: started.jobId })
    expect(got.manifest.status).toBe('succeeded')
    expect(got.events.map((e) => e.seq)).toEqual(fx.events.map((e) => e.seq))
    expect(got.tornLastLine).toBe(false)

    const tree = await fx.invoke('outputs.tree', { jobId: started.jobId })
    expect(tree.files.map((f) => f.path).sort()).toEqual(got.manifest.files.map((f) => f.path).sort())
    for (const file of got.manifest.files) {
      const read = await fx.invoke('outputs.read', { jobId: started.jobId, path: file.path })
      expect(read.sha256).toBe(file.sha256)
      expect(read.binary).toBe(false)
      expect(read.content.length).toBeGreaterThan(0)
    }

    const log = await fx.invoke('runs.log', { jobId: started.jobId, step: 'architect' })
    expect(log.text.length).toBeGreaterThan(0)
    expect((await fx.invoke('runs.log', { jobId: started.jobId, step: 'nosuchstep' })).text).toBe('')

    const first = got.manifest.files[0]?.path ?? ''
    const reveal = await fx.invoke('outputs.reveal', { jobId: started.jobId, path: first })
    expect(reveal).toEqual({ absolutePath: revealed[0], revealed: true })
    expect(reveal.absolutePath.endsWith(first)).toBe(true)
    const folder = await fx.invoke('outputs.reveal', { jobId: started.jobId })
    expect(folder.absolutePath).toBe(join(started.runDir, 'outputs'))
  })

  it('rejects traversal, absolute and reserved paths in outputs.read', async () => {
    fx = createAppFixture()
    const { jobId } = await fx.invoke('runs.start', { text: TINY_SPEC, fileName: 'tiny_spec.yaml', provider: 'demo' })
    await fx.service.waitForRun(jobId)
    for (const path of ['../../etc/passwd', '../manifest.json', '/etc/passwd', 'C:\\x', '..', 'a/../../events.jsonl']) {
      expect(await fx.raw('outputs.read', { jobId, path })).toMatchObject({ ok: false, error: { kind: 'bad_input' } })
    }
    expect(await fx.raw('outputs.reveal', { jobId, path: '../../etc' })).toMatchObject({ ok: false })
    expect(await fx.raw('runs.get', { jobId: '../../x' })).toMatchObject({ ok: false, error: { kind: 'bad_input' } })
    expect(await fx.raw('runs.get', { jobId: 'job_000000000000' })).toMatchObject({ ok: false, error: { kind: 'bad_input' } })
  })

  it('cancels a running job; the run ends cancelled', async () => {
    const slow = createScriptedProvider(() => ({ text: ['a', 'b', 'c', 'd'], delayMs: 2000 }), { name: 'slow' })
    fx = createAppFixture({ providers: { slow } })
    const { jobId } = await fx.invoke('runs.start', { text: TINY_SPEC, fileName: 'tiny.yaml', provider: 'slow', model: 'm' })
    expect(await fx.invoke('runs.cancel', { jobId })).toEqual({ cancelled: true })
    await fx.service.waitForRun(jobId)
    expect(fx.events.at(-1)?.type).toBe('job.cancelled')
    expect((await fx.invoke('runs.get', { jobId })).manifest.status).toBe('cancelled')
    expect(await fx.invoke('runs.cancel', { jobId })).toEqual({ cancelled: false })
  })

  it('shutdown cancels active runs and waits for their final state', async () => {
    const slow = createScriptedProvider(() => ({ text: ['a', 'b'], delayMs: 2000 }), { name: 'slow' })
    fx = createAppFixture({ providers: { slow } })
    const { jobId, runDir } = await fx.invoke('runs.start', { text: TINY_SPEC, fileName: 'tiny.yaml', provider: 'slow', model: 'm' })
    await fx.service.shutdown()
    const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as { status: string; job_id: string }
    expect(manifest).toMatchObject({ job_id: jobId, status: 'cancelled' })
  })
})
