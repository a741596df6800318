import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { manifestSchema } from '../shared/manifest'
import { runCli } from './run-cli'
import { fakeIo } from './testing/fake-io'
import { examplePath } from '../core/testing/run-fixture'

const TINY = examplePath('tiny_spec')

let dir = ''
let runsDir = ''
let jobId = ''

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = fakeIo({ cwd: dir, env: { ORCHESTRATOR_RUNS_DIR: runsDir } })
  const code = await runCli(argv, io.io)
  return { code, out: io.stdout(), err: io.stderr() }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'uo-cli-hist-'))
  runsDir = join(dir, 'runs')
  const run = await cli(['run', TINY, '--provider', 'demo', '--json'])
  expect(run.code).toBe(0)
  jobId = (JSON.parse(run.out) as { job_id: string }).job_id
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('orchestrator show', () => {
  it('shows status, steps, files with sha256 prefixes', async () => {
    const { code, out } = await cli(['show', jobId])
    expect(code).toBe(0)
    const manifest = manifestSchema().parse(JSON.parse(readFileSync(join(runsDir, jobId, 'manifest.json'), 'utf8')))
    const main = manifest.files.find((f) => f.path === 'main.py')
    expect(out).toContain(`${jobId}  succeeded`)
    expect(out).toMatch(/^\s+builder\s+builder\s+demo\/demo\s+succeeded\s.*\s[\d,]+\s+\$0\.00\s+no$/m)
    expect(out).toMatch(/^ {2}cost {6}\$0\.00$/m)
    expect(out).toContain(main?.sha256.slice(0, 12))
    expect(out).not.toContain(main?.sha256)
  })

  it('--files lists full hashes, --json prints the manifest', async () => {
    const files = await cli(['show', jobId, '--files'])
    const manifest = manifestSchema().parse(JSON.parse((await cli(['show', jobId, '--json'])).out))
    expect(manifest.job_id).toBe(jobId)
    for (const f of manifest.files) expect(files.out).toContain(f.sha256)
  })

  it('--events prints the timeline without streamed tokens unless --verbose', async () => {
    const { code, out } = await cli(['show', jobId, '--events'])
    expect(code).toBe(0)
    expect(out).toMatch(/^\[\d\d:\d\d:\d\d\] job started: notes-api/m)
    expect(out).toMatch(/builder wrote main\.py/)
    expect(out).toMatch(/job succeeded in/)
    expect(out).not.toContain(' token "')
    expect((await cli(['show', jobId, '--events', '--verbose'])).out).toContain(' token "')
  })

  it('notes a torn last line in events.jsonl', async () => {
    const copy = 'job_aaaaaaaaaaaa'
    mkdirSync(join(runsDir, copy))
    writeFileSync(join(runsDir, copy, 'manifest.json'), readFileSync(join(runsDir, jobId, 'manifest.json')))
    writeFileSync(join(runsDir, copy, 'events.jsonl'), `${readFileSync(join(runsDir, jobId, 'events.jsonl'), 'utf8')}{"seq":99,"ty`)
    const { code, out } = await cli(['show', copy, '--events'])
    expect(code).toBe(0)
    expect(out).toContain('job succeeded')
    expect(out).toContain('incomplete')
    rmSync(join(runsDir, copy), { recursive: true })
  })

  it('rejects malformed and unknown job ids with exit 2', async () => {
    const traversal = await cli(['show', '../../etc'])
    expect(traversal.code).toBe(2)
    expect(traversal.err).toContain("'../../etc' is not a job id")
    const unknown = await cli(['show', 'job_000000000000'])
    expect(unknown.code).toBe(2)
    expect(unknown.err).toContain('no run job_000000000000')
  })
})

describe('orchestrator list', () => {
  it('lists runs filtered by status, with the seed alias', async () => {
    const ok = await cli(['list', '--status', 'succeeded'])
    expect(ok.code).toBe(0)
    expect(ok.out).toMatch(new RegExp(`^${jobId}\\s+succeeded\\s+notes-api.*\\s[\\d,]+\\s+\\$0\\.00\\s+\\d+$`, 'm'))
    expect(ok.out.split('\n')[0]).toMatch(/tokens\s+cost\s+files$/)
    const failed = await cli(['list-runs', '--status', 'failed'])
    expect(failed.out).toContain('no runs match')
    const json = JSON.parse((await cli(['list', '--json', '--limit', '5'])).out) as { job_id: string }[]
    expect(json.map((r) => r.job_id)).toEqual([jobId])
    const bad = await cli(['list', '--status', 'done'])
    expect(bad.code).toBe(2)
    expect(bad.err).toContain("--status 'done'")
  })
})

describe('orchestrator tail', () => {
  it('filters by step, type and level', async () => {
    const byStep = await cli(['tail', jobId, '--step', 'builder'])
    expect(byStep.code).toBe(0)
    const lines = byStep.out.trimEnd().split('\n')
    expect(lines[0]).toMatch(/builder started/)
    for (const line of lines) expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] builder /)
    const byType = await cli(['tail', jobId, '--type', 'file.written'])
    expect(
      byType.out
        .trimEnd()
        .split('\n')
        .every((l) => / wrote /.test(l)),
    ).toBe(true)
    const family = await cli(['tail', jobId, '--type', 'job.*'])
    expect(family.out).toMatch(/job started/)
    expect(family.out).toMatch(/job succeeded/)
    const warn = await cli(['tail', jobId, '--level', 'warn'])
    expect(warn.out).not.toMatch(/started/)
    const badType = await cli(['tail', jobId, '--type', 'step.bogus'])
    expect(badType.code).toBe(2)
  })

  it('--follow on a finished run prints everything and returns', async () => {
    const { code, out } = await cli(['tail', jobId, '--follow'])
    expect(code).toBe(0)
    expect(out.trimEnd().split('\n').at(-1)).toMatch(/job succeeded/)
  })
})

describe('orchestrator tail --follow on a dead run', () => {
  it('stops when the process writing the run is gone', async () => {
    const copy = 'job_cccccccccccc'
    mkdirSync(join(runsDir, copy))
    const manifest = manifestSchema().parse(JSON.parse(readFileSync(join(runsDir, jobId, 'manifest.json'), 'utf8')))
    writeFileSync(
      join(runsDir, copy, 'manifest.json'),
      JSON.stringify({ ...manifest, job_id: copy, status: 'running', pid: 2 ** 22 + 12345 }),
    )
    const events = readFileSync(join(runsDir, jobId, 'events.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
    writeFileSync(join(runsDir, copy, 'events.jsonl'), `${events.slice(0, 5).join('\n')}\n`)
    const io = fakeIo({ cwd: dir, env: { ORCHESTRATOR_RUNS_DIR: runsDir }, signal: AbortSignal.timeout(10_000) })
    expect(await runCli(['tail', copy, '--follow'], io.io)).toBe(0)
    expect(io.stdout()).toMatch(/job started/)
    expect(io.stderr()).toContain('interrupted')
    rmSync(join(runsDir, copy), { recursive: true })
  })
})

describe('orchestrator reindex', () => {
  it('rebuilds the index after history.sqlite is deleted and lists a damaged run as corrupt (finding 7)', async () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(runsDir, `history.sqlite${suffix}`), { force: true })
    mkdirSync(join(runsDir, 'job_bbbbbbbbbbbb'))
    writeFileSync(join(runsDir, 'job_bbbbbbbbbbbb', 'manifest.json'), '{ not json')
    const { code, out } = await cli(['reindex'])
    expect(code).toBe(0)
    expect(out).toContain('indexed 1 run from')
    expect(out).toMatch(/1 corrupt run/)
    expect(out).toMatch(/corrupt {2}job_bbbbbbbbbbbb {2}\S+: manifest.json is not valid JSON/)
    const list = await cli(['list'])
    expect(list.out).toContain(jobId)
    expect(list.err).toMatch(/1 corrupt run not listed .*job_bbbbbbbbbbbb/)
    rmSync(join(runsDir, 'job_bbbbbbbbbbbb'), { recursive: true })
  })
})
