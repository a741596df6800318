import { existsSync, openSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync, writeSync, closeSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { manifestSchema, type Manifest } from '../../shared/manifest'
import type { HistoryDb } from './history-db'
import { openRunsDir } from './open-runs-dir'
import { jobId, makeManifest, tempRunsDir, writeRunFolder } from './test-fixtures'

const open: HistoryDb[] = []
afterEach(() => {
  for (const db of open.splice(0)) db.close()
})
function openDir(runsDir: string, isAlive?: (pid: number) => boolean): ReturnType<typeof openRunsDir> {
  const result = openRunsDir(runsDir, isAlive ? { isAlive } : {})
  open.push(result.db)
  return result
}

function seed(runsDir: string, count: number): void {
  for (let n = 1; n <= count; n++) {
    writeRunFolder(runsDir, makeManifest({ job_id: jobId(n), started_at: `2025-04-01T00:00:${String(n).padStart(2, '0')}.000Z` }))
  }
}

function historyFiles(runsDir: string): string[] {
  return readdirSync(runsDir).filter((f) => f.startsWith('history.sqlite'))
}

describe('openRunsDir', () => {
  it('indexes existing run folders on first open', () => {
    const runsDir = tempRunsDir()
    seed(runsDir, 3)
    const { db, recovered, movedAside } = openDir(runsDir)
    expect(recovered).toEqual([])
    expect(movedAside).toBeNull()
    expect(db.listRuns().map((r) => r.job_id)).toEqual([3, 2, 1].map(jobId))
    expect(db.getRun(jobId(1))?.summary.run_dir).toBe(join(runsDir, jobId(1)))
  })

  it('moves a garbage database file aside and rebuilds it from the run folders', () => {
    const runsDir = tempRunsDir()
    seed(runsDir, 2)
    openDir(runsDir).db.close()
    writeFileSync(join(runsDir, 'history.sqlite'), Buffer.alloc(16_384, 0xa7))

    const { db, movedAside } = openDir(runsDir)
    expect(db.countRuns()).toBe(2)
    expect(movedAside).not.toBeNull()
    expect(existsSync(movedAside ?? '')).toBe(true)
    expect(readFileSync(movedAside ?? '')[0]).toBe(0xa7)
  })

  it('moves aside a database whose pages are damaged behind a valid header', () => {
    const runsDir = tempRunsDir()
    seed(runsDir, 40)
    openDir(runsDir).db.close()
    const file = join(runsDir, 'history.sqlite')
    const fd = openSync(file, 'r+')
    writeSync(fd, Buffer.alloc(3 * 4096, 0x33), 0, 3 * 4096, 4096)
    closeSync(fd)

    const { db, movedAside } = openDir(runsDir)
    expect(movedAside).not.toBeNull()
    expect(db.countRuns()).toBe(40)
  })

  it('rebuilds a database from another schema version', () => {
    const runsDir = tempRunsDir()
    seed(runsDir, 1)
    openDir(runsDir).db.close()
    const raw = new Database(join(runsDir, 'history.sqlite'))
    raw.pragma('user_version = 7')
    raw.close()
    const { db, movedAside } = openDir(runsDir)
    expect(movedAside).not.toBeNull()
    expect(db.countRuns()).toBe(1)
    expect(historyFiles(runsDir).some((f) => f.includes('.broken-'))).toBe(true)
  })

  it('rebuilds a history file from before cost columns, and indexes manifests written without cost fields', () => {
    const runsDir = tempRunsDir()
    const { cost_usd: _c, saved_tokens: _t, saved_usd: _s, ...oldManifest } = makeManifest({ job_id: jobId(1) })
    const dir = writeRunFolder(runsDir, makeManifest({ job_id: jobId(1) }))
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(oldManifest))
    const raw = new Database(join(runsDir, 'history.sqlite'))
    raw.exec('CREATE TABLE runs (job_id TEXT PRIMARY KEY); CREATE TABLE steps (job_id TEXT); CREATE TABLE files (job_id TEXT);')
    raw.pragma('user_version = 1')
    raw.close()
    const { db, movedAside } = openDir(runsDir)
    expect(movedAside).not.toBeNull()
    expect(db.getRun(jobId(1))?.summary).toMatchObject({ prompt_tokens: 100, cost_usd: null, saved_tokens: 0, saved_usd: 0 })
  })

  it('marks a dead writer’s run interrupted in the manifest and the index, and leaves a live one running', () => {
    const runsDir = tempRunsDir()
    const running = (n: number, pid: number): Manifest =>
      makeManifest({ job_id: jobId(n), status: 'running', pid, finished_at: null, duration_s: null })
    const deadDir = writeRunFolder(runsDir, running(1, 1111))
    writeRunFolder(runsDir, running(2, 2222))
    const { db: first } = openDir(runsDir, () => true)
    expect(first.getRun(jobId(1))?.summary.status).toBe('running')
    first.close()

    const { db, recovered } = openDir(runsDir, (pid) => pid === 2222)
    expect(recovered).toEqual([jobId(1)])
    const onDisk = manifestSchema().parse(JSON.parse(readFileSync(join(deadDir, 'manifest.json'), 'utf8')))
    expect(onDisk.status).toBe('interrupted')
    expect(db.getRun(jobId(1))?.summary.status).toBe('interrupted')
    expect(db.getRun(jobId(1))?.summary.finished_at).not.toBeNull()
    expect(db.getRun(jobId(2))?.summary.status).toBe('running')
    expect(db.listRuns({ status: 'running' }).map((r) => r.job_id)).toEqual([jobId(2)])
  })

  it('reconciles folders added, changed or removed while the app was closed', () => {
    const runsDir = tempRunsDir()
    seed(runsDir, 2)
    openDir(runsDir).db.close()

    writeRunFolder(runsDir, makeManifest({ job_id: jobId(3) }))
    const changed = writeRunFolder(runsDir, makeManifest({ job_id: jobId(1), status: 'failed', project: 'renamed' }))
    utimesSync(join(changed, 'manifest.json'), new Date(), new Date(Date.now() + 5_000))
    rmSync(join(runsDir, jobId(2)), { recursive: true })

    const { db } = openDir(runsDir)
    expect(
      db
        .listRuns()
        .map((r) => r.job_id)
        .sort(),
    ).toEqual([jobId(1), jobId(3)])
    expect(db.getRun(jobId(1))?.summary).toMatchObject({ status: 'failed', project: 'renamed' })
  })

  it('does not re-read manifests that have not changed', () => {
    const runsDir = tempRunsDir()
    seed(runsDir, 1)
    const { db: first } = openDir(runsDir)
    first.upsertManifest(makeManifest({ job_id: jobId(1), project: 'only-in-db' }), join(runsDir, jobId(1)))
    first.close()
    const { db } = openDir(runsDir)
    expect(db.getRun(jobId(1))?.summary.project).toBe('only-in-db')
  })
})
