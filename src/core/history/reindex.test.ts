import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { HistoryDb } from './history-db'
import { reindex } from './reindex'
import { jobId, makeManifest, tempRunsDir, writeRunFolder } from './test-fixtures'

const open: HistoryDb[] = []
afterEach(() => {
  for (const db of open.splice(0)) db.close()
})
function openDb(runsDir: string): HistoryDb {
  const db = HistoryDb.open(runsDir)
  open.push(db)
  return db
}

function snapshot(db: HistoryDb): unknown {
  return db.listRuns({ limit: 1000 }).map((r) => db.getRun(r.job_id))
}

describe('reindex', () => {
  it('rebuilds the same rows after the database file is deleted', () => {
    const runsDir = tempRunsDir()
    const db = openDb(runsDir)
    for (let n = 1; n <= 3; n++) {
      const manifest = makeManifest({ job_id: jobId(n), project: `p${n}`, started_at: `2025-02-0${n}T00:00:00.000Z` })
      db.upsertManifest(manifest, writeRunFolder(runsDir, manifest))
    }
    const before = snapshot(db)
    expect(before).toHaveLength(3)
    db.close()
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(runsDir, `history.sqlite${suffix}`), { force: true })

    const fresh = openDb(runsDir)
    expect(fresh.countRuns()).toBe(0)
    expect(reindex(runsDir, fresh)).toEqual({ indexed: 3, skipped: [] })
    expect(snapshot(fresh)).toEqual(before)
  })

  it('reports folders it cannot read and ignores folders that are not runs', () => {
    const runsDir = tempRunsDir()
    writeRunFolder(runsDir, makeManifest({ job_id: jobId(1) }))
    const broken = join(runsDir, jobId(2))
    mkdirSync(broken, { recursive: true })
    writeFileSync(join(broken, 'manifest.json'), '{"schema_version": 1, "job_id"')
    writeRunFolder(runsDir, { ...makeManifest({ job_id: jobId(3) }), status: 'exploded' as never })
    writeRunFolder(runsDir, makeManifest({ job_id: jobId(5) }))
    const renamed = join(runsDir, jobId(4))
    mkdirSync(renamed)
    writeFileSync(join(renamed, 'manifest.json'), JSON.stringify(makeManifest({ job_id: jobId(9) })))
    mkdirSync(join(runsDir, jobId(6)))
    mkdirSync(join(runsDir, '.cache'))
    writeRunFolder(runsDir, makeManifest({ job_id: 'not-a-job' }))

    const db = openDb(runsDir)
    const result = reindex(runsDir, db)
    expect(result.indexed).toBe(2)
    expect(result.skipped.map((s) => s.dir)).toEqual([2, 3, 4, 6].map((n) => join(runsDir, jobId(n))))
    expect(result.skipped[0]?.reason).toMatch(/not valid JSON/)
    expect(result.skipped[1]?.reason).toMatch(/status/)
    expect(result.skipped[3]?.reason).toBe('no manifest.json')
    expect(
      db
        .listRuns()
        .map((r) => r.job_id)
        .sort(),
    ).toEqual([jobId(1), jobId(5)])
  })

  it('drops rows whose run folder no longer exists', () => {
    const runsDir = tempRunsDir()
    const db = openDb(runsDir)
    db.upsertManifest(makeManifest({ job_id: jobId(7) }), '/gone')
    writeRunFolder(runsDir, makeManifest({ job_id: jobId(8) }))
    reindex(runsDir, db)
    expect(db.getRun(jobId(7))).toBeUndefined()
    expect(db.countRuns()).toBe(1)
  })
})
