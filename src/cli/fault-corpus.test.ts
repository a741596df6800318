/**
 * The K (kill), D (disk) and signal/pipe cases of the fault corpus (shared/notes/fault-corpus.md)
 * and findings 3 and 6 of issue 10, on the real CLI as a child process: the test build of the
 * bundle (cli/testing/cli-bundle) honours CRASH_AT=<point>:<n> (SIGKILL there) and
 * FAIL_AT=<point>:<n>[+] (an ENOSPC/SQLITE_FULL there). Runs use the offline demo provider, or a
 * local Ollama-protocol server when a step must stay in flight. After each case the oracle
 * holds: manifest.json parses and its hashes match the files, events.jsonl lines parse (a torn
 * last line at most), no run is left `running` (steps included) once the folder is reopened,
 * manifest and SQLite agree, and no temp file is left.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeOllama, type FakeChatBody, type FakeOllama, type FakeReply } from '../core/providers/ollama/testing/fake-ollama-server'
import { teamRoleOf, teamScript } from '../core/engine/testing/team-script'
import { manifestSchema, type Manifest } from '../shared/manifest'
import { runEventSchema } from '../shared/run-event'
import { buildTestCli, REPO_ROOT, type CliBundle } from './testing/cli-bundle'

const SPEC = join(REPO_ROOT, 'examples/tiny_spec.yaml')
let bundle: CliBundle
let base: string
let server: FakeOllama
let builderMode: 'stall' | 'slow' = 'stall'

function role(body: FakeChatBody): string {
  return teamRoleOf(body.messages.find((m) => m.role === 'system')?.content ?? '')
}

beforeAll(async () => {
  bundle = await buildTestCli('fault-corpus')
  base = mkdtempSync(join(tmpdir(), 'uo-faults-'))
  server = await startFakeOllama((body): FakeReply => {
    if (role(body) === 'builder' && !body.messages.some((m) => m.role === 'tool')) {
      if (builderMode === 'stall') return { text: ['Thinking'], ending: 'stall' }
      return { ...teamScript(body), delayMs: 150 }
    }
    return teamScript(body)
  })
})
afterAll(async () => {
  await server.close()
  bundle.remove()
  rmSync(base, { recursive: true, force: true })
})

interface Child {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

let counter = 0
function runsDir(): string {
  counter += 1
  return join(base, `runs-${counter}`)
}

function cli(args: string[], env: Record<string, string> = {}, control?: (child: ReturnType<typeof spawn>) => void): Promise<Child> {
  const child = spawn(process.execPath, [bundle.path, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  control?.(child)
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })))
}

const demo = (dir: string, ...more: string[]): string[] => ['run', SPEC, '--provider', 'demo', '--runs-dir', dir, ...more]

function onlyRun(dir: string): string {
  const [jobId] = readdirSync(dir).filter((n) => n.startsWith('job_'))
  if (!jobId) throw new Error(`no run folder in ${dir}`)
  return join(dir, jobId)
}

function manifestOf(runDir: string): Manifest {
  return manifestSchema().parse(JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')))
}

function tempFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((n) => n.includes('.tmp-'))
}

/** The oracle of the fault corpus, after the folder was reopened by `list`. */
async function expectOracle(dir: string): Promise<Manifest> {
  const list = await cli(['list', '--json', '--runs-dir', dir])
  expect(list.code).toBe(0)
  const runDir = onlyRun(dir)
  const manifest = manifestOf(runDir)
  for (const file of manifest.files) {
    const bytes = readFileSync(join(runDir, 'outputs', file.path))
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256)
  }
  const lines = readFileSync(join(runDir, 'events.jsonl'), 'utf8').split('\n').filter(Boolean)
  for (const line of lines.slice(0, -1)) expect(runEventSchema().safeParse(JSON.parse(line)).success).toBe(true)
  expect(manifest.status).not.toBe('running')
  expect(Object.values(manifest.steps).map((s) => s.status)).not.toContain('running')
  const rows = JSON.parse(list.stdout) as { job_id: string; status: string }[]
  expect(rows.find((r) => r.job_id === manifest.job_id)?.status).toBe(manifest.status)
  expect(tempFiles(dir)).toEqual([])
  return manifest
}

describe('K: killed at named points', () => {
  it('K1: SIGKILL during a model call → interrupted, steps included, shown so by `show` before any `list`', async () => {
    builderMode = 'stall'
    const dir = runsDir()
    const killed = await cli(['run', SPEC, '--provider', 'ollama', '--runs-dir', dir], { OLLAMA_HOST: server.url }, (child) => {
      const tick = setInterval(() => {
        const [jobId] = existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith('job_')) : []
        if (!jobId) return
        try {
          if (manifestOf(join(dir, jobId)).steps.builder?.status !== 'running') return
        } catch {
          return
        }
        clearInterval(tick)
        child.kill('SIGKILL')
      }, 25)
    })
    expect(killed.signal).toBe('SIGKILL')
    const runDir = onlyRun(dir)
    expect(manifestOf(runDir).status).toBe('running')
    const show = await cli(['show', runDir.slice(-16), '--json', '--runs-dir', dir])
    expect(show.code).toBe(0)
    const shown = manifestSchema().parse(JSON.parse(show.stdout))
    expect(shown.status).toBe('interrupted')
    expect(shown.steps.builder?.status).toBe('interrupted')
    expect(shown.steps.architect?.status).toBe('succeeded')
    await expectOracle(dir)
  })

  it('K1 at a named point: CRASH_AT=step.model_call:2 leaves a run that reopens as interrupted', async () => {
    const dir = runsDir()
    expect((await cli(demo(dir), { CRASH_AT: 'step.model_call:2' })).signal).toBe('SIGKILL')
    expect((await expectOracle(dir)).status).toBe('interrupted')
  })

  it('K2: SIGKILL between temp write and rename → old file or none, temp swept', async () => {
    const dir = runsDir()
    expect((await cli(demo(dir), { CRASH_AT: 'file.temp_written:6' })).signal).toBe('SIGKILL')
    expect(tempFiles(dir).length).toBeGreaterThan(0)
    await expectOracle(dir)
  })

  it('K3: SIGKILL while writing manifest.json → the previous manifest is intact', async () => {
    const dir = runsDir()
    expect((await cli(demo(dir), { CRASH_AT: 'manifest.rename:2' })).signal).toBe('SIGKILL')
    expect(manifestOf(onlyRun(dir)).status).toBe('running')
    expect((await expectOracle(dir)).status).toBe('interrupted')
  })

  it('K4: SIGKILL mid-append to events.jsonl → the torn line is dropped and the run resumes', async () => {
    const dir = runsDir()
    expect((await cli(demo(dir), { CRASH_AT: 'events.append:1' })).signal).toBe('SIGKILL')
    const text = readFileSync(join(onlyRun(dir), 'events.jsonl'), 'utf8')
    expect(text.endsWith('\n')).toBe(false)
    await expectOracle(dir)
    const events = await cli(['show', onlyRun(dir).slice(-16), '--events', '--runs-dir', dir])
    expect(events.code).toBe(0)
    expect(events.stdout).toMatch(/incomplete/)
    expect((await cli(demo(dir, '--resume'))).code).toBe(0)
  })

  it('K5: SIGKILL inside a SQLite transaction → rolled back; rows reconciled from the run folder', async () => {
    const dir = runsDir()
    expect((await cli(demo(dir), { CRASH_AT: 'sqlite.commit:2' })).signal).toBe('SIGKILL')
    await expectOracle(dir)
  })
})

describe('D: disk faults', () => {
  it('D1: ENOSPC while writing an output → "disk full", earlier outputs intact, no half file', async () => {
    const dir = runsDir()
    const run = await cli(demo(dir), { FAIL_AT: 'output.write:3', FAIL_CODE: 'ENOSPC' })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/disk full/)
    const manifest = await expectOracle(dir)
    expect(manifest.status).toBe('failed')
    expect(manifest.files.length).toBe(2)
  })

  it('finding 3: a full disk at every SQLite write → the run still ends, --json names the run, list works, the next open agrees', async () => {
    const dir = runsDir()
    const full = { FAIL_AT: 'sqlite.commit:2+', FAIL_CODE: 'SQLITE_FULL' }
    const run = await cli(demo(dir, '--json'), full)
    expect(run.code).toBe(0)
    const body = JSON.parse(run.stdout) as { job_id: string; status: string; run_dir: string; warnings: string[] }
    expect(body).toMatchObject({ status: 'succeeded', run_dir: onlyRun(dir) })
    expect(body.warnings.join('\n')).toMatch(/SQLITE_FULL.*repaired the next time/)
    const listFull = await cli(['list', '--runs-dir', dir], full)
    expect(listFull.code).toBe(0)
    expect(listFull.stdout).toContain(body.job_id)
    expect((await expectOracle(dir)).status).toBe('succeeded')
  })

  it('finding 3: a full disk while writing the manifest → error with job id and run folder, also in --json', async () => {
    const dir = runsDir()
    const run = await cli(demo(dir, '--json'), { FAIL_AT: 'manifest.rename:2+', FAIL_CODE: 'ENOSPC' })
    expect(run.code).toBe(1)
    const body = JSON.parse(run.stdout) as { job_id: string; run_dir: string; error: { kind: string; message: string } }
    expect(body.run_dir).toBe(onlyRun(dir))
    expect(body.job_id).toBe(onlyRun(dir).slice(-16))
    expect(body.error).toMatchObject({ kind: 'io', message: expect.stringMatching(/ENOSPC.*free disk space/) })
    expect(run.stderr).toContain(`run dir   ${onlyRun(dir)}`)
    await expectOracle(dir)
  })
})

describe('finding 6: every way the CLI can end is honest', () => {
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    it(`${signal} is treated like Ctrl-C: cancelled, exit 1, no step left running, no temp files`, async () => {
      builderMode = 'stall'
      const dir = runsDir()
      const env = { OLLAMA_HOST: server.url }
      const before = server.requests.length
      const run = await cli(['run', SPEC, '--provider', 'ollama', '--runs-dir', dir], env, (child) => {
        const tick = setInterval(() => {
          if (server.requests.slice(before).some((r) => role(r) === 'builder')) {
            clearInterval(tick)
            child.kill(signal)
          }
        }, 25)
      })
      expect(run.code).toBe(1)
      const manifest = manifestOf(onlyRun(dir))
      expect(manifest.status).toBe('cancelled')
      expect(Object.values(manifest.steps).map((s) => s.status)).not.toContain('running')
      expect(tempFiles(dir)).toEqual([])
    })
  }

  it('a closed stdout (`| head -2`) never ends the run: it finishes, and the exit code is the run’s', async () => {
    builderMode = 'slow'
    const dir = runsDir()
    const run = await cli(['run', SPEC, '--provider', 'ollama', '--runs-dir', dir], { OLLAMA_HOST: server.url }, (child) => {
      child.stdout?.once('data', () => child.stdout?.destroy())
    })
    expect(run.code).toBe(0)
    const manifest = manifestOf(onlyRun(dir))
    expect(manifest.status).toBe('succeeded')
    expect(manifest.files.length).toBeGreaterThan(0)
    expect(readFileSync(join(onlyRun(dir), 'events.jsonl'), 'utf8').split('\n').length).toBeGreaterThan(10)
    expect(existsSync(join(onlyRun(dir), 'outputs'))).toBe(true)
  })
})
