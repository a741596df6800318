/**
 * Startup entry point for a runs folder: mark dead `running` runs interrupted, open the history
 * index (a damaged or foreign-schema file is moved aside as `history.sqlite.broken-<stamp>` and
 * rebuilt from the run folders), then reconcile: index folders missing from the DB or whose
 * manifest.json changed (mtime or size) since it was indexed, and drop rows whose folder is gone.
 * A reconcile that cannot write (a full disk) is not fatal: the index serves its last state and
 * says so in `stale`; the next open repairs it from the manifests.
 */
import { existsSync, renameSync } from 'node:fs'
import { resolve } from 'node:path'
import { HistoryDb, type ManifestItem } from './history-db'
import { indexWarning } from './history-error'
import { HistoryDbError } from './history-error'
import { recoverInterrupted, type RecoverOptions } from './recover'
import { reindex } from './reindex'
import { listRunFolders, manifestStamp, readRunManifest, sameStamp } from './run-folders'

export interface OpenedRunsDir {
  db: HistoryDb
  /** Job ids marked interrupted by this call. */
  recovered: string[]
  /** Where an unusable history file was moved, when it was. */
  movedAside: string | null
  /** Why the index could not be brought up to date (e.g. a full disk); it still serves reads. */
  stale?: string
  /** Run folders whose manifest.json exists but is damaged (not indexed; `reindex` lists them). */
  corrupt: string[]
}

function moveAside(dbPath: string): string {
  const target = `${dbPath}.broken-${new Date().toISOString().replace(/[:.]/g, '-')}`
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(dbPath + suffix)) renameSync(dbPath + suffix, target + suffix)
  }
  return target
}

function reconcile(runsDir: string, db: HistoryDb, corrupt: string[]): void {
  const indexed = db.indexedManifestStamps()
  const present = new Set<string>()
  const items: ManifestItem[] = []
  for (const folder of listRunFolders(runsDir)) {
    present.add(folder.jobId)
    const stamp = manifestStamp(folder.dir)
    if (stamp === null || sameStamp(indexed.get(folder.jobId), stamp)) continue
    const read = readRunManifest(folder)
    if (read.ok) items.push({ manifest: read.manifest, runDir: folder.dir })
    else corrupt.push(folder.jobId)
  }
  db.upsertManifests(items)
  db.deleteRuns([...indexed.keys()].filter((id) => !present.has(id)))
}

export function openRunsDir(runsDir: string, options: RecoverOptions = {}): OpenedRunsDir {
  const root = resolve(runsDir)
  const recovered = recoverInterrupted(root, options)
  let db: HistoryDb
  let movedAside: string | null = null
  try {
    db = HistoryDb.open(root)
  } catch (err) {
    if (!(err instanceof HistoryDbError)) throw err
    movedAside = moveAside(err.dbPath)
    db = HistoryDb.open(root)
    const rebuilt = reindex(root, db)
    return { db, recovered, movedAside, corrupt: rebuilt.skipped.filter((s) => s.reason !== 'no manifest.json').map((s) => s.jobId) }
  }
  const corrupt: string[] = []
  try {
    reconcile(root, db, corrupt)
  } catch (err) {
    // Only SQLite writes can fail here (e.g. SQLITE_FULL): reads still work, the next open repairs.
    return { db, recovered, movedAside, stale: indexWarning(err), corrupt }
  }
  return { db, recovered, movedAside, corrupt }
}
