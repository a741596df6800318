/**
 * The SQLite run-history index at `<runsDir>/history.sqlite`. It is an index over the run
 * folders, never the only copy: every write replaces a run's rows from its manifest in one
 * transaction (WAL, synchronous=NORMAL, foreign keys on), and statements are prepared once.
 * NORMAL: a commit does not fsync the WAL (one fsync less per recorder flush). A killed process
 * loses nothing; a power cut may roll back the last commits but never corrupts the file, and the
 * next `openRunsDir` re-indexes every folder whose manifest.json differs from its row.
 * `open` runs `quick_check` and refuses a damaged or foreign-schema file with HistoryDbError.
 */
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { z } from 'zod'
import { OrchestratorError } from '../errors'
import { faultPoint } from '../fault/fault-point'
import type { Manifest } from '../../shared/manifest'
import { runStatusSchema, type RunStatus } from '../../shared/run-event'
import { HistoryDbError, isCorruptionCode, sqliteCode } from './history-error'
import { manifestStamp, type ManifestStamp } from './run-folders'
import { RowMemo } from './row-memo'
import { sqliteAddonOptions } from './sqlite-addon'
import { HISTORY_DDL, HISTORY_SCHEMA_VERSION, HISTORY_TABLES } from './history-schema'
import {
  RUN_COLUMNS,
  runParams,
  STEP_COLUMNS,
  SUMMARY_COLUMNS,
  toStepRow,
  toSummary,
  type FileRow,
  type RunParams,
  type RunSummary,
  type StepRow,
  type StoredRun,
  type StoredStep,
} from './history-rows'

export type { FileRow, RunSummary } from './history-rows'

const HISTORY_DB_FILE = 'history.sqlite'

export interface ListRunsQuery {
  status?: RunStatus
  project?: string
  search?: string
  limit?: number
  offset?: number
  order?: 'newest' | 'oldest'
}

export interface RunDetail {
  summary: RunSummary
  steps: StepRow[]
  files: FileRow[]
}

export interface ManifestItem {
  manifest: Manifest
  runDir: string
}

const listRunsQuerySchema = z.strictObject({
  status: runStatusSchema.optional(),
  project: z.string().optional(),
  search: z.string().optional(),
  limit: z.number().int().min(1).max(10_000).optional(),
  offset: z.number().int().min(0).optional(),
  order: z.enum(['newest', 'oldest']).optional(),
})

function historyDbPath(runsDir: string): string {
  return join(resolve(runsDir), HISTORY_DB_FILE)
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

function configure(db: Database.Database, dbPath: string): void {
  db.pragma('busy_timeout = 5000')
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  const check = db.pragma('quick_check', { simple: true })
  if (check !== 'ok') throw new HistoryDbError('corrupt', dbPath, `quick_check: ${String(check)}`)
  const version = db.pragma('user_version', { simple: true })
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[]
  ).sort()
  if (version === 0 && tables.length === 0) {
    db.transaction(() => {
      db.exec(HISTORY_DDL)
      db.pragma(`user_version = ${HISTORY_SCHEMA_VERSION}`)
    }).immediate()
    return
  }
  if (version !== HISTORY_SCHEMA_VERSION || !HISTORY_TABLES.every((t) => tables.includes(t))) {
    throw new HistoryDbError('schema_mismatch', dbPath, `user_version ${String(version)}, expected ${HISTORY_SCHEMA_VERSION}`)
  }
}

function openError(err: unknown, dbPath: string): OrchestratorError {
  if (err instanceof HistoryDbError) return err
  if (isCorruptionCode(sqliteCode(err))) {
    return new HistoryDbError('corrupt', dbPath, String(sqliteCode(err)), { cause: err })
  }
  const detail = err instanceof Error ? err.message : String(err)
  return new OrchestratorError(
    {
      kind: 'io',
      retryable: false,
      message: `cannot open run history ${dbPath} (${detail}); check that the runs folder is on a local, writable disk`,
    },
    { cause: err },
  )
}

export class HistoryDb {
  readonly path: string
  private readonly db: Database.Database
  private readonly listCache = new Map<string, Database.Statement<unknown[], StoredRun>>()
  private readonly upsertRun: Database.Statement<[RunParams]>
  private readonly deleteSteps: Database.Statement<[string]>
  private readonly deleteFiles: Database.Statement<[string]>
  private readonly deleteRun: Database.Statement<[string]>
  private readonly insertStep: Database.Statement<unknown[]>
  private readonly insertFile: Database.Statement<unknown[]>
  private readonly selectRun: Database.Statement<[string], StoredRun>
  private readonly selectSteps: Database.Statement<[string], StoredStep>
  private readonly selectFiles: Database.Statement<[string], FileRow>
  private readonly selectCount: Database.Statement<[], number>
  private readonly selectStamps: Database.Statement<[], { job_id: string; manifest_mtime_ms: number | null; manifest_size: number | null }>
  private readonly rows = new RowMemo()
  private readonly writeMany: (items: ManifestItem[], replaceAll: boolean) => void
  private readonly removeMany: (jobIds: string[]) => void

  static open(runsDir: string): HistoryDb {
    const dbPath = historyDbPath(runsDir)
    let db: Database.Database | undefined
    try {
      mkdirSync(resolve(runsDir), { recursive: true })
      db = new Database(dbPath, sqliteAddonOptions())
      configure(db, dbPath)
      return new HistoryDb(db, dbPath)
    } catch (err) {
      db?.close()
      throw openError(err, dbPath)
    }
  }

  private constructor(db: Database.Database, dbPath: string) {
    this.db = db
    this.path = dbPath
    const runCols = RUN_COLUMNS
    this.upsertRun = db.prepare(
      `INSERT INTO runs (${runCols.join(', ')}) VALUES (${runCols.map((c) => `@${c}`).join(', ')})
       ON CONFLICT (job_id) DO UPDATE SET ${runCols
         .filter((c) => c !== 'job_id')
         .map((c) => `${c} = excluded.${c}`)
         .join(', ')}`,
    )
    this.deleteSteps = db.prepare('DELETE FROM steps WHERE job_id = ?')
    this.deleteFiles = db.prepare('DELETE FROM files WHERE job_id = ?')
    this.deleteRun = db.prepare('DELETE FROM runs WHERE job_id = ?')
    this.insertStep = db.prepare(
      `INSERT OR REPLACE INTO steps (job_id, ord, ${STEP_COLUMNS}) VALUES (${Array(STEP_COLUMNS.split(',').length + 2)
        .fill('?')
        .join(', ')})`,
    )
    this.insertFile = db.prepare(
      'INSERT OR REPLACE INTO files (job_id, path, ord, sha256, size_bytes, media_type, step) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    this.selectRun = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM runs WHERE job_id = ?`)
    this.selectSteps = db.prepare(`SELECT ${STEP_COLUMNS} FROM steps WHERE job_id = ? ORDER BY ord`)
    this.selectFiles = db.prepare('SELECT path, sha256, size_bytes, media_type, step FROM files WHERE job_id = ? ORDER BY ord')
    this.selectCount = db.prepare<[], number>('SELECT count(*) FROM runs').pluck()
    this.selectStamps = db.prepare('SELECT job_id, manifest_mtime_ms, manifest_size FROM runs')

    const wipe = db.prepare('DELETE FROM files')
    const wipeSteps = db.prepare('DELETE FROM steps')
    const wipeRuns = db.prepare('DELETE FROM runs')
    this.writeMany = db.transaction((items: ManifestItem[], replaceAll: boolean) => {
      if (replaceAll) {
        this.rows.clear()
        wipe.run()
        wipeSteps.run()
        wipeRuns.run()
      }
      const now = new Date().toISOString()
      for (const { manifest, runDir } of items) this.writeOne(manifest, resolve(runDir), now)
      faultPoint('sqlite.commit')
    })
    this.removeMany = db.transaction((jobIds: string[]) => {
      for (const id of jobIds) {
        this.rows.forget(id)
        this.deleteSteps.run(id)
        this.deleteFiles.run(id)
        this.deleteRun.run(id)
      }
    })
  }

  private writeOne(manifest: Manifest, runDir: string, now: string): void {
    const jobId = manifest.job_id
    const changed = this.rows.diff(manifest)
    this.upsertRun.run(runParams(manifest, runDir, manifestStamp(runDir), now))
    if (changed.fresh) {
      this.deleteSteps.run(jobId)
      this.deleteFiles.run(jobId)
    }
    for (const { id, step: s, ord } of changed.steps) {
      this.insertStep.run(
        jobId,
        ord,
        id,
        s.agent,
        JSON.stringify(s.needs),
        s.provider,
        s.model,
        s.status,
        s.started_at,
        s.finished_at,
        s.duration_s,
        s.attempts,
        s.provider_calls,
        s.usage.prompt_tokens,
        s.usage.completion_tokens,
        s.cost_usd,
        s.saved_tokens,
        s.saved_usd,
        s.cache_hit ? 1 : 0,
        s.error?.kind ?? null,
        s.error?.message ?? null,
      )
    }
    for (const { file: f, ord } of changed.files) {
      this.insertFile.run(jobId, f.path, ord, f.sha256, f.size_bytes, f.media_type, f.step)
    }
  }

  upsertManifest(manifest: Manifest, runDir: string): void {
    this.upsertManifests([{ manifest, runDir }])
  }

  upsertManifests(items: ManifestItem[]): void {
    if (items.length === 0) return
    try {
      this.writeMany(items, false)
    } catch (err) {
      // The transaction rolled back: forget what we believed written, so the next flush rewrites all.
      this.rows.clear()
      throw err
    }
  }

  /** Deletes every row, then inserts `items`, in one transaction (used by reindex). */
  replaceAll(items: ManifestItem[]): void {
    this.writeMany(items, true)
  }

  deleteRuns(jobIds: string[]): void {
    if (jobIds.length > 0) this.removeMany(jobIds)
  }

  /** job_id → stamp of the manifest.json each row was built from (null when unknown). */
  indexedManifestStamps(): Map<string, ManifestStamp | null> {
    return new Map(
      this.selectStamps
        .all()
        .map((r) => [
          r.job_id,
          r.manifest_mtime_ms === null || r.manifest_size === null ? null : { mtimeMs: r.manifest_mtime_ms, size: r.manifest_size },
        ]),
    )
  }

  listRuns(query: ListRunsQuery = {}): RunSummary[] {
    const parsed = listRunsQuerySchema.safeParse(query)
    if (!parsed.success) {
      throw new OrchestratorError({
        kind: 'bad_input',
        retryable: false,
        message: `invalid run history query: ${z.prettifyError(parsed.error)}`,
      })
    }
    const q = parsed.data
    const search = q.search !== undefined && q.search !== '' ? `%${escapeLike(q.search)}%` : undefined
    const order = q.order ?? 'newest'
    const key = `${q.status !== undefined}|${q.project !== undefined}|${search !== undefined}|${order}`
    let stmt = this.listCache.get(key)
    if (stmt === undefined) {
      const where: string[] = []
      if (q.status !== undefined) where.push('status = @status')
      if (q.project !== undefined) where.push('project = @project')
      if (search !== undefined) {
        where.push("(project LIKE @search ESCAPE '\\' OR task_description LIKE @search ESCAPE '\\')")
      }
      const dir = order === 'newest' ? 'DESC' : 'ASC'
      stmt = this.db.prepare(
        `SELECT ${SUMMARY_COLUMNS} FROM runs ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY started_at ${dir}, job_id ${dir} LIMIT @limit OFFSET @offset`,
      )
      this.listCache.set(key, stmt)
    }
    const params: Record<string, unknown> = { limit: q.limit ?? 20, offset: q.offset ?? 0 }
    if (q.status !== undefined) params.status = q.status
    if (q.project !== undefined) params.project = q.project
    if (search !== undefined) params.search = search
    return stmt.all(params).map(toSummary)
  }

  getRun(jobId: string): RunDetail | undefined {
    const row = this.selectRun.get(jobId)
    if (row === undefined) return undefined
    return {
      summary: toSummary(row),
      steps: this.selectSteps.all(jobId).map(toStepRow),
      files: this.selectFiles.all(jobId),
    }
  }

  countRuns(): number {
    return this.selectCount.get() ?? 0
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}
