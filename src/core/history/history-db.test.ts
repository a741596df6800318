import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { OrchestratorError } from '../errors'
import type { Manifest } from '../../shared/manifest'
import { HistoryDb } from './history-db'
import { HistoryDbError } from './history-error'
import { jobId, makeManifest, makeStep, tempRunsDir } from './test-fixtures'

const open: HistoryDb[] = []
function openDb(runsDir = tempRunsDir()): HistoryDb {
  const db = HistoryDb.open(runsDir)
  open.push(db)
  return db
}
afterEach(() => {
  for (const db of open.splice(0)) db.close()
})

function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (err) {
    return err
  }
  throw new Error('expected the call to throw')
}

function run(n: number, overrides: Partial<Manifest> = {}): Manifest {
  const minute = String(n % 60).padStart(2, '0')
  return makeManifest({ job_id: jobId(n), started_at: `2025-01-01T10:${minute}:00.000Z`, ...overrides })
}

describe('HistoryDb', () => {
  it('creates the runs folder and a WAL-mode database file', () => {
    const runsDir = tempRunsDir()
    openDb(runsDir)
    expect(existsSync(join(runsDir, 'history.sqlite'))).toBe(true)
    const other = new Database(join(runsDir, 'history.sqlite'), { readonly: true })
    expect(other.pragma('journal_mode', { simple: true })).toBe('wal')
    other.close()
  })

  it('stores a manifest and returns its summary, steps in order and files', () => {
    const db = openDb()
    db.upsertManifest(makeManifest(), '/tmp/somewhere/job')
    const detail = db.getRun(jobId(1))
    expect(detail?.summary).toEqual({
      job_id: jobId(1),
      project: 'todo-app',
      status: 'succeeded',
      provider: 'ollama',
      started_at: '2025-01-01T00:00:00.000Z',
      finished_at: '2025-01-01T00:01:00.000Z',
      duration_s: 60,
      prompt_tokens: 100,
      completion_tokens: 200,
      cost_usd: 0,
      saved_tokens: 0,
      saved_usd: 0,
      files: 1,
      steps_total: 3,
      steps_succeeded: 2,
      parent_job_id: null,
      rerun_from: null,
      resumes: 0,
      run_dir: '/tmp/somewhere/job',
      task_description: 'Build a todo app',
      // Why it went wrong, for the History row: the first failed step and its error.
      error: 'docs: too slow',
    })
    expect(detail?.steps.map((s) => s.step_id)).toEqual(['architect', 'builder', 'docs'])
    const docs = detail?.steps[2]
    expect(docs).toMatchObject({
      needs: ['architect'],
      status: 'failed',
      error_kind: 'timeout',
      error_message: 'too slow',
      cache_hit: false,
    })
    expect(detail?.files).toEqual([
      { path: 'README.md', sha256: 'b'.repeat(64), size_bytes: 12, media_type: 'text/markdown', step: 'docs' },
    ])
    expect(db.getRun(jobId(2))).toBeUndefined()
  })

  it('stores tokens, cost and cache savings per run and per step, keeping unknown cost unknown', () => {
    const db = openDb()
    db.upsertManifest(
      makeManifest({
        cost_usd: null,
        saved_tokens: 40,
        saved_usd: 0.25,
        steps: {
          cloud: makeStep({ provider: 'openai', model: 'gpt-4o-mini', cost_usd: 0.0123, saved_tokens: 40, saved_usd: 0.25 }),
          odd: makeStep({ provider: 'acme', model: 'x', cost_usd: null, saved_usd: null }),
        },
      }),
      '/r',
    )
    const detail = db.getRun(jobId(1))
    expect(detail?.summary).toMatchObject({ cost_usd: null, saved_tokens: 40, saved_usd: 0.25 })
    expect(db.listRuns()[0]).toMatchObject({ cost_usd: null, saved_tokens: 40 })
    expect(detail?.steps.map((s) => [s.step_id, s.prompt_tokens, s.cost_usd, s.saved_tokens, s.saved_usd])).toEqual([
      ['cloud', 10, 0.0123, 40, 0.25],
      ['odd', 10, null, 0, null],
    ])
  })

  it('replaces a run’s steps and files when its manifest changes', () => {
    const db = openDb()
    db.upsertManifest(makeManifest({ status: 'running' }), '/r')
    db.upsertManifest(makeManifest({ steps: { only: makeStep({ cache_hit: true }) }, files: [] }), '/r')
    const detail = db.getRun(jobId(1))
    expect(detail?.summary.status).toBe('succeeded')
    expect(detail?.steps.map((s) => [s.step_id, s.cache_hit])).toEqual([['only', true]])
    expect(detail?.files).toEqual([])
    expect(db.countRuns()).toBe(1)
  })

  it('keeps data across close and reopen', () => {
    const runsDir = tempRunsDir()
    const first = HistoryDb.open(runsDir)
    first.upsertManifests([
      { manifest: run(1), runDir: '/a' },
      { manifest: run(2), runDir: '/b' },
    ])
    first.close()
    expect(openDb(runsDir).countRuns()).toBe(2)
  })

  it('lists newest first by default with a limit of 20, and pages with offset', () => {
    const db = openDb()
    db.upsertManifests(Array.from({ length: 25 }, (_, i) => ({ manifest: run(i + 1), runDir: `/r/${i}` })))
    const page = db.listRuns()
    expect(page).toHaveLength(20)
    expect(page[0]?.job_id).toBe(jobId(25))
    expect(page[19]?.job_id).toBe(jobId(6))
    expect(db.listRuns({ offset: 20 }).map((r) => r.job_id)).toEqual([5, 4, 3, 2, 1].map(jobId))
    expect(db.listRuns({ order: 'oldest', limit: 2 }).map((r) => r.job_id)).toEqual([jobId(1), jobId(2)])
  })

  it('filters by status and project, and the filters combine', () => {
    const db = openDb()
    db.upsertManifests([
      { manifest: run(1, { status: 'failed' }), runDir: '/1' },
      { manifest: run(2, { status: 'failed', project: 'blog' }), runDir: '/2' },
      { manifest: run(3, { project: 'blog' }), runDir: '/3' },
    ])
    expect(db.listRuns({ status: 'failed' }).map((r) => r.job_id)).toEqual([jobId(2), jobId(1)])
    expect(db.listRuns({ project: 'blog' }).map((r) => r.job_id)).toEqual([jobId(3), jobId(2)])
    expect(db.listRuns({ project: 'blog', status: 'failed' }).map((r) => r.job_id)).toEqual([jobId(2)])
    expect(db.listRuns({ status: 'interrupted' })).toEqual([])
  })

  it('searches project and task text, treating % and _ literally', () => {
    const db = openDb()
    db.upsertManifests([
      { manifest: run(1, { project: 'shop', task_description: 'Cut costs by 50% now' }), runDir: '/1' },
      { manifest: run(2, { project: 'my_blog', task_description: 'A blog' }), runDir: '/2' },
      { manifest: run(3, { project: 'myxblog', task_description: 'Another BLOG engine' }), runDir: '/3' },
    ])
    expect(db.listRuns({ search: '50%' }).map((r) => r.job_id)).toEqual([jobId(1)])
    expect(db.listRuns({ search: 'my_' }).map((r) => r.job_id)).toEqual([jobId(2)])
    expect(db.listRuns({ search: 'blog' }).map((r) => r.job_id)).toEqual([jobId(3), jobId(2)])
    expect(db.listRuns({ search: 'blog', project: 'myxblog' }).map((r) => r.job_id)).toEqual([jobId(3)])
    expect(db.listRuns({ search: '' })).toHaveLength(3)
  })

  it('rejects an invalid query with a bad_input error', () => {
    const db = openDb()
    expect(() => db.listRuns({ limit: 0 })).toThrow(OrchestratorError)
    const err = thrown(() => db.listRuns({ status: 'bogus' as never }))
    expect(err).toBeInstanceOf(OrchestratorError)
    expect((err as OrchestratorError).kind).toBe('bad_input')
  })

  it('commits a batch all-or-nothing', () => {
    const db = openDb()
    const bad = run(2, { status: 'exploded' as never })
    expect(() =>
      db.upsertManifests([
        { manifest: run(1), runDir: '/1' },
        { manifest: bad, runDir: '/2' },
      ]),
    ).toThrow()
    expect(db.countRuns()).toBe(0)
  })

  it('indexes a manifest with 10,000 steps in one call', () => {
    const db = openDb()
    const steps: Manifest['steps'] = {}
    for (let i = 0; i < 10_000; i++) steps[`s${i}`] = makeStep({ status: i % 2 === 0 ? 'succeeded' : 'pending' })
    db.upsertManifests([{ manifest: makeManifest({ steps }), runDir: '/big' }])
    db.upsertManifests([{ manifest: makeManifest({ steps }), runDir: '/big' }])
    const detail = db.getRun(jobId(1))
    expect(detail?.steps).toHaveLength(10_000)
    expect(detail?.steps[9_999]?.step_id).toBe('s9999')
    expect(detail?.summary).toMatchObject({ steps_total: 10_000, steps_succeeded: 5_000 })
  })

  it('refuses a file that is not a database', () => {
    const runsDir = tempRunsDir()
    openDb(runsDir).close()
    writeFileSync(join(runsDir, 'history.sqlite'), Buffer.alloc(8192, 0x5a))
    const err = thrown(() => HistoryDb.open(runsDir))
    expect(err).toBeInstanceOf(HistoryDbError)
    expect((err as HistoryDbError).problem).toBe('corrupt')
    expect((err as HistoryDbError).kind).toBe('io')
  })

  it('refuses a database stamped with another schema version', () => {
    const runsDir = tempRunsDir()
    openDb(runsDir).close()
    const raw = new Database(join(runsDir, 'history.sqlite'))
    raw.pragma('user_version = 99')
    raw.close()
    const err = thrown(() => HistoryDb.open(runsDir))
    expect(err).toBeInstanceOf(HistoryDbError)
    expect((err as HistoryDbError).problem).toBe('schema_mismatch')
  })
})
