/**
 * Nothing is lost on a crash (fault K1): the CLI is SIGKILLed in the middle of the Builder's
 * model call; the next `list` marks the run `interrupted` with a parseable manifest and no temp
 * files, and running the spec again replays the finished Architect from the cache with zero
 * model calls, re-running only what did not finish.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeOllama, type FakeChatBody, type FakeOllama, type FakeReply } from '../core/providers/ollama/testing/fake-ollama-server'
import { teamRoleOf, teamScript } from '../core/engine/testing/team-script'
import { manifestSchema } from '../shared/manifest'
import { runCli } from './run-cli'
import { fakeIo } from './testing/fake-io'
import { buildTestCli, REPO_ROOT, type CliBundle } from './testing/cli-bundle'
import { waitFor } from '../core/testing/wait-for'

const repo = REPO_ROOT
let dir: string
let bundle: CliBundle
let cliBundle: string
let server: FakeOllama
let builderStalls = true

function role(body: FakeChatBody): string {
  return teamRoleOf(body.messages.find((m) => m.role === 'system')?.content ?? '')
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'uo-crash-'))
  bundle = await buildTestCli('crash')
  cliBundle = bundle.path
  server = await startFakeOllama((body): FakeReply => {
    if (builderStalls && role(body) === 'builder') return { text: ['Thinking'], ending: 'stall' }
    return teamScript(body)
  })
})

afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
  bundle.remove()
})

const spec = join(repo, 'examples/tiny_spec.yaml')

/** True once the run's manifest.json on disk records the Architect as succeeded. */
function architectDurable(runsDir: string): boolean {
  try {
    const [jobId] = readdirSync(runsDir).filter((name) => name.startsWith('job_'))
    const manifest = manifestSchema().parse(JSON.parse(readFileSync(join(runsDir, jobId ?? '?', 'manifest.json'), 'utf8')))
    return manifest.steps.architect?.status === 'succeeded'
  } catch {
    return false
  }
}

/**
 * Starts `orchestrator run` as a child process and SIGKILLs it while the Builder's call is in
 * flight, once the Architect's end is durable (the step-boundary flush runs beside the next call).
 */
async function killMidBuilder(runsDir: string): Promise<string> {
  builderStalls = true
  const builderCalls = server.requests.filter((r) => role(r) === 'builder').length
  const env = { ...process.env, OLLAMA_HOST: server.url, PROVIDER: 'ollama' }
  const child = spawn(process.execPath, [cliBundle, 'run', spec, '--runs-dir', runsDir], { env, cwd: repo, stdio: 'ignore' })
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
  await waitFor(
    () => server.requests.filter((r) => role(r) === 'builder').length > builderCalls && architectDurable(runsDir),
    "the builder's next call after the architect's files are durable",
    15_000,
  )
  child.kill('SIGKILL')
  expect(await exited).toBe('SIGKILL')
  const [jobId] = readdirSync(runsDir).filter((name) => name.startsWith('job_'))
  return jobId ?? '?'
}

describe('crash recovery', () => {
  it('marks a killed run interrupted and resumes from the cache', async () => {
    const runsDir = join(dir, 'runs')
    const jobId = await killMidBuilder(runsDir)
    const manifestPath = join(runsDir, jobId ?? '?', 'manifest.json')
    expect(manifestSchema().parse(JSON.parse(readFileSync(manifestPath, 'utf8'))).status).toBe('running')

    const list = fakeIo({ cwd: repo, env: {} })
    expect(await runCli(['list', '--runs-dir', runsDir], list.io)).toBe(0)
    expect(list.stdout()).toContain('interrupted')
    const manifest = manifestSchema().parse(JSON.parse(readFileSync(manifestPath, 'utf8')))
    expect(manifest.status).toBe('interrupted')
    expect(manifest.steps.architect?.status).toBe('succeeded')
    const tree = readdirSync(join(runsDir, jobId ?? '?'), { recursive: true, encoding: 'utf8' })
    expect(tree.filter((name) => name.includes('.tmp-'))).toEqual([])

    builderStalls = false
    const architectCalls = server.requests.filter((r) => role(r) === 'architect').length
    const rerun = fakeIo({ cwd: repo, env: { OLLAMA_HOST: server.url } })
    expect(await runCli(['run', spec, '--provider', 'ollama', '--runs-dir', runsDir, '--resume'], rerun.io)).toBe(0)
    expect(server.requests.filter((r) => role(r) === 'architect').length).toBe(architectCalls)
    expect(server.requests.filter((r) => role(r) === 'builder').length).toBeGreaterThan(1)
  })

  it('resume continues the killed job in the same folder with zero model calls for its finished steps', async () => {
    const runsDir = join(dir, 'runs-resume')
    const jobId = await killMidBuilder(runsDir)
    builderStalls = false
    const architectCalls = server.requests.filter((r) => role(r) === 'architect').length
    const resume = fakeIo({ cwd: repo, env: { OLLAMA_HOST: server.url } })
    expect(await runCli(['resume', jobId, '--runs-dir', runsDir], resume.io)).toBe(0)
    // Docs runs beside the stalled Builder, so it may have finished before the kill too.
    expect(resume.stdout()).toMatch(/reused [12] steps? \(architect(, docs)?\), saved [\d,]+ tokens \/ \$0\.00/)
    expect(resume.stdout()).toContain('✓ Job succeeded')
    expect(server.requests.filter((r) => role(r) === 'architect').length).toBe(architectCalls)
    expect(readdirSync(runsDir).filter((name) => name.startsWith('job_'))).toEqual([jobId])
    const manifest = manifestSchema().parse(JSON.parse(readFileSync(join(runsDir, jobId, 'manifest.json'), 'utf8')))
    expect(manifest.status).toBe('succeeded')
    expect(manifest.resumes.map((r) => r.from_status)).toEqual(['interrupted'])
    expect(Object.values(manifest.steps).every((s) => s.status === 'succeeded')).toBe(true)

    const again = fakeIo({ cwd: repo, env: { OLLAMA_HOST: server.url } })
    expect(await runCli(['run', jobId, '--resume', '--runs-dir', runsDir], again.io)).toBe(0)
    expect(again.stdout()).toContain('nothing to resume')
    const unknown = fakeIo({ cwd: repo, env: {} })
    expect(await runCli(['resume', 'job_000000000000', '--runs-dir', runsDir], unknown.io)).toBe(2)
    expect(unknown.stderr()).toContain(`known jobs: ${jobId}`)
  })
})
