/**
 * The QA fix loop and the venv check, end to end on the built-in graph against a fake Ollama
 * server, with --run-checks: the Builder writes a bug, QA's pytest (in a venv made from the
 * project's requirements.txt, in the OS sandbox) fails, its output goes back to the Builder as a
 * new turn, the Builder fixes the file and the check passes — each round visible in events and
 * the manifest. When the fix never works the run fails with check_failed naming what was tried;
 * when pip cannot reach an index the check says so and no fix round is attempted. pip never
 * touches a real index here (PIP_CONFIG_FILE=/dev/null, a refused local index URL).
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { describeEvent } from '../../shared/event-text'
import { startFakeOllama, type FakeChatBody, type FakeOllama, type FakeReply } from '../providers/ollama/testing/fake-ollama-server'
import { runJob } from './run-job'
import { makeFixture, readEventsStrict, readManifest, type EngineFixture } from './testing/engine-fixture'
import { teamRoleOf, teamScript } from './testing/team-script'
import { exampleSpec, serverForTest } from '../testing/run-fixture'

const TINY = exampleSpec('tiny_spec')
const BUGGY = 'def add(a, b):\n    return a - b\n'
const FIXED = 'def add(a, b):\n    return a + b\n'
const TEST =
  'import sys, pathlib\nsys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))\nfrom main import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n'

let fixture: EngineFixture | undefined
let server: FakeOllama | undefined

function write(files: Record<string, string>): FakeReply {
  return {
    text: ['Writing.'],
    usage: { promptTokens: 120, completionTokens: 30 },
    toolCalls: Object.entries(files).map(([path, content]) => ({ name: 'write_file', arguments: { path, content } })),
  }
}

/** The team, with a Builder that writes a bug first and (when `fixes`) fixes it when told the tests failed. */
function script(options: { fixes: boolean; requirements: string }) {
  return (body: FakeChatBody): FakeReply => {
    const role = teamRoleOf(body.messages.find((m) => m.role === 'system')?.content ?? '')
    const lastUser = body.messages.map((m) => m.role).lastIndexOf('user')
    const answered = body.messages.slice(lastUser).some((m) => m.role === 'tool')
    if (role === 'builder' && !answered) {
      const fixing = body.messages[lastUser]?.content.includes('fix round') === true
      return write({ 'main.py': fixing && options.fixes ? FIXED : BUGGY, 'requirements.txt': options.requirements })
    }
    if (role === 'qa' && !answered) return write({ 'tests/test_main.py': TEST, 'QA_REPORT.md': '# QA\n' })
    return teamScript(body)
  }
}

const offlinePip = { PIP_CONFIG_FILE: '/dev/null', PIP_INDEX_URL: 'http://127.0.0.1:9/simple', PIP_NO_CACHE_DIR: '1' }

async function run(options: { fixes: boolean; requirements?: string }) {
  fixture = makeFixture(TINY)
  server = await serverForTest(startFakeOllama(script({ fixes: options.fixes, requirements: options.requirements ?? '' })))
  const env = { OLLAMA_HOST: server.url, PROVIDER: 'ollama', ...offlinePip }
  const result = await runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, env, runChecks: true })
  const builderCalls = server.requests.filter((r) => teamRoleOf(r.messages[0]?.content ?? '') === 'builder').length
  return { result, manifest: readManifest(result.runDir), events: readEventsStrict(result.runDir), builderCalls }
}

describe('the QA fix loop', { timeout: 120_000 }, () => {
  it('sends a failing check back to the Builder and ends green when the fix works', async () => {
    const { result, manifest, events } = await run({ fixes: true })
    expect(result.status).toBe('succeeded')
    const round = events.find((e) => e.type === 'step.round')
    expect(round).toMatchObject({ step: 'builder', round: 2, max_rounds: 3, check_step: 'qa' })
    expect(round && describeEvent(round)).toBe('qa check failed — round 2/3: builder fixing')
    expect(events.filter((e) => e.type === 'step.check').map((e) => e.type === 'step.check' && [e.status, e.round])).toEqual([
      ['failed', 1],
      ['passed', 2],
    ])
    expect(manifest.steps.qa?.rounds.map((r) => [r.round, r.check])).toEqual([
      [1, 'failed'],
      [2, 'passed'],
    ])
    const builderRounds = manifest.steps.builder?.rounds ?? []
    expect(builderRounds.map((r) => r.round)).toEqual([1, 2])
    const mainSha = (r: (typeof builderRounds)[number] | undefined) => r?.files.find((f) => f.path === 'main.py')?.sha256
    expect(mainSha(builderRounds[0])).not.toBe(mainSha(builderRounds[1]))
    expect(builderRounds[1]?.usage.prompt_tokens).toBeGreaterThan(0)
    expect(manifest.files.find((f) => f.path === 'main.py')).toMatchObject({ sha256: mainSha(builderRounds[1]), round: 2 })
    expect(readFileSync(join(result.runDir, 'outputs', 'main.py'), 'utf8')).toBe(FIXED)
    expect(readdirSync(join(result.runDir, 'artifacts')).filter((n) => n.startsWith('qa-check-round'))).toEqual([
      'qa-check-round-1.txt',
      'qa-check-round-2.txt',
    ])
    // Round 2's check reused the venv round 1 made.
    expect(readFileSync(join(result.runDir, 'artifacts', 'qa-check-setup.txt'), 'utf8')).toMatch(/^reused .*venvs/)
    expect(readdirSync(join(fixture?.runsDir ?? '', '.cache', 'venvs'))).toHaveLength(1)
  })

  it('fails with check_failed naming the rounds tried when the fix never works; the venv is reused', async () => {
    const { result, manifest, builderCalls } = await run({ fixes: false })
    expect(result.status).toBe('failed')
    expect(builderCalls).toBe(6)
    expect(manifest.steps.qa?.error).toMatchObject({
      kind: 'check_failed',
      message: expect.stringMatching(/still failed after 2 fix rounds by 'builder' \(rounds 2–3\).*qa-check-round-3\.txt/),
    })
    expect(manifest.steps.qa?.rounds.map((r) => r.check)).toEqual(['failed', 'failed', 'failed'])
    expect(readFileSync(join(result.runDir, 'artifacts', 'qa-check-setup.txt'), 'utf8')).toMatch(/^reused /)
  })

  it('says clearly when pip cannot reach an index, without a fix round', async () => {
    const { result, manifest, events } = await run({ fixes: true, requirements: 'uo-surely-not-installed-pkg==1.0\n' })
    expect(result.status).toBe('failed')
    expect(manifest.steps.qa?.error).toMatchObject({
      kind: 'check_setup_failed',
      message: expect.stringContaining('pip cannot reach a package index'),
    })
    expect(manifest.steps.qa?.error?.message).toContain('PIP_INDEX_URL')
    expect(events.some((e) => e.type === 'step.round')).toBe(false)
  })
})
