/**
 * Rerun from a step against a fake Ollama server running the built-in graph: `--from builder`
 * makes a new job that calls only Builder and QA, takes Architect and Docs over from the parent
 * (files restored by content hash, marked reused, savings counted), records its lineage in the
 * manifest and SQLite, and never changes the parent's folder. An edited prompt reaches the model;
 * a step that does not exist is bad input naming the real ones.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { HistoryDb } from '../history/history-db'
import { startFakeOllama, type FakeChatBody, type FakeOllama } from '../providers/ollama/testing/fake-ollama-server'
import { rerunJob } from './rerun-job'
import { runJob } from './run-job'
import { listTree, makeFixture, readManifest, sha256File, type EngineFixture } from './testing/engine-fixture'
import { teamRoleOf, teamScript } from './testing/team-script'
import { exampleSpec, serverForTest } from '../testing/run-fixture'

const TINY = exampleSpec('tiny_spec')
let fixture: EngineFixture | undefined
let server: FakeOllama | undefined

const role = (body: FakeChatBody) => teamRoleOf(body.messages.find((m) => m.role === 'system')?.content ?? '')

function treeHashes(dir: string): Record<string, string> {
  return Object.fromEntries(listTree(dir).map((p) => [p, sha256File(join(dir, p))]))
}

describe('rerunJob', () => {
  it('--from builder calls only Builder and QA and reuses Architect and Docs from the parent', async () => {
    fixture = makeFixture(TINY)
    server = await serverForTest(startFakeOllama(teamScript))
    const env = { OLLAMA_HOST: server.url, PROVIDER: 'ollama' }
    const parent = await runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, env })
    expect(parent.status).toBe('succeeded')
    const parentTree = treeHashes(parent.runDir)
    const before = server.requests.length

    const rerun = await rerunJob(fixture.runsDir, parent.jobId, { from: 'builder', env })
    expect(rerun.status).toBe('succeeded')
    expect(rerun.jobId).not.toBe(parent.jobId)
    const roles = server.requests.slice(before).map(role)
    expect(new Set(roles)).toEqual(new Set(['builder', 'qa']))
    expect(rerun.reused.sort()).toEqual(['architect', 'docs'])
    expect(rerun.saved.tokens).toBeGreaterThan(0)

    const manifest = readManifest(rerun.runDir)
    expect(manifest.parent_job_id).toBe(parent.jobId)
    expect(manifest.rerun_from).toBe('builder')
    expect(manifest.steps.architect).toMatchObject({ status: 'succeeded', reused_from: parent.jobId, provider_calls: 0 })
    expect(manifest.steps.docs?.reused_from).toBe(parent.jobId)
    expect(manifest.steps.builder).toMatchObject({ reused_from: null, cache_hit: false })
    expect(manifest.steps.builder?.provider_calls).toBeGreaterThan(0)
    expect(manifest.saved_tokens).toBe(rerun.saved.tokens)
    const parentManifest = readManifest(parent.runDir)
    for (const path of ['DESIGN.md', 'README.md']) {
      const restored = manifest.files.find((f) => f.path === path)
      expect(restored?.sha256).toBe(parentManifest.files.find((f) => f.path === path)?.sha256)
      expect(sha256File(join(rerun.runDir, 'outputs', path))).toBe(restored?.sha256)
    }
    expect(manifest.files.map((f) => f.path).sort()).toEqual(parentManifest.files.map((f) => f.path).sort())
    expect(treeHashes(parent.runDir)).toEqual(parentTree)

    const db = HistoryDb.open(fixture.runsDir)
    try {
      expect(db.getRun(rerun.jobId)?.summary).toMatchObject({ parent_job_id: parent.jobId, rerun_from: 'builder' })
    } finally {
      db.close()
    }
  })

  it('sends an edited prompt for the step, and refuses a step the recorded spec does not have', async () => {
    fixture = makeFixture(TINY)
    server = await serverForTest(startFakeOllama(teamScript))
    const env = { OLLAMA_HOST: server.url, PROVIDER: 'ollama' }
    const parent = await runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, env })
    await expect(rerunJob(fixture.runsDir, parent.jobId, { from: 'buildr', env })).rejects.toMatchObject({
      kind: 'bad_input',
      message: expect.stringContaining('its steps: architect, builder, docs, qa'),
    })
    const before = server.requests.length
    const rerun = await rerunJob(fixture.runsDir, parent.jobId, { from: 'qa', prompt: 'Review {{project}} very strictly.', env })
    expect(rerun.status).toBe('succeeded')
    const asked = server.requests.slice(before)
    expect(asked.map(role).every((r) => r === 'qa')).toBe(true)
    expect(asked[0]?.messages.find((m) => m.role === 'user')?.content).toContain('very strictly')
    expect(rerun.reused.sort()).toEqual(['architect', 'builder', 'docs'])
  })
})
