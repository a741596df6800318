/**
 * A run's whole folder through the real app service: inputs/ holds the spec as given,
 * artifacts/ each step's final answer, and paths that try to leave a folder are refused.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createScriptedProvider, hasToolResults, writeFiles } from '../engine/testing/scripted-provider'
import { createAppFixture, TINY_SPEC, type AppFixture } from './testing/app-fixture'

let fx: AppFixture
afterEach(async () => {
  await fx.close()
})

describe('runs.folder and runs.file', () => {
  it('lists and reads inputs/ and artifacts/, and refuses escapes', async () => {
    const provider = createScriptedProvider((request) =>
      hasToolResults(request) ? { text: ['# Notes\n\nAll **done**.'] } : writeFiles({ 'main.py': 'print(1)\n' }),
    )
    fx = createAppFixture({ providers: { scripted: provider } })
    const { jobId } = await fx.invoke('runs.start', { text: TINY_SPEC, fileName: 'tiny.yaml', provider: 'scripted', model: 'm' })
    await fx.service.waitForRun(jobId)
    const inputs = await fx.invoke('runs.folder', { jobId, folder: 'inputs' })
    expect(inputs.files.map((f) => f.path)).toContain('spec.yaml')
    expect((await fx.invoke('runs.file', { jobId, folder: 'inputs', path: 'spec.yaml' })).content).toBe(TINY_SPEC)
    const artifacts = await fx.invoke('runs.folder', { jobId, folder: 'artifacts' })
    const answer = artifacts.files.find((f) => f.path.endsWith('.md'))
    expect(answer).toBeDefined()
    const read = await fx.invoke('runs.file', { jobId, folder: 'artifacts', path: answer?.path ?? '' })
    expect(read.content).toContain('All **done**.')
    expect(read.media_type).toBe('text/markdown')
    for (const path of ['../manifest.json', '../outputs/main.py', '/etc/passwd']) {
      expect(await fx.raw('runs.file', { jobId, folder: 'inputs', path })).toMatchObject({ ok: false, error: { kind: 'bad_input' } })
    }
    expect(await fx.raw('runs.folder', { jobId, folder: '.cache' })).toMatchObject({ ok: false, error: { kind: 'bad_input' } })
  })
})
