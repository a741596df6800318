/**
 * The one error HistoryDb.open raises when the file exists but cannot be used as our index
 * (corrupt, not a database, or another schema version). `openRunsDir` catches exactly this class,
 * moves the file aside and rebuilds it from the run folders; anything else propagates.
 */
import { OrchestratorError, toErrorInfo } from '../errors'

export type HistoryDbProblem = 'corrupt' | 'schema_mismatch'

export class HistoryDbError extends OrchestratorError {
  readonly problem: HistoryDbProblem
  readonly dbPath: string

  constructor(problem: HistoryDbProblem, dbPath: string, detail: string, options?: { cause?: unknown }) {
    const what = problem === 'corrupt' ? 'is damaged' : 'was written by another schema version'
    super(
      {
        kind: 'io',
        retryable: false,
        message:
          `run history ${dbPath} ${what} (${detail}); it is only an index: open the runs folder again ` +
          `to move it aside and rebuild it from runs/<job_id>/manifest.json, or delete the file`,
      },
      options,
    )
    this.name = 'HistoryDbError'
    this.problem = problem
    this.dbPath = dbPath
  }
}

/** SQLite result codes (better-sqlite3 `SqliteError.code`) that mean the file itself is unusable. */
export function isCorruptionCode(code: unknown): boolean {
  return typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'))
}

export function sqliteCode(err: unknown): unknown {
  return typeof err === 'object' && err !== null && 'code' in err ? (err as { code: unknown }).code : undefined
}

/** Message of an index (SQLite) write that failed during a run; the run itself goes on. */
export function indexWarning(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : toErrorInfo(err).message
  return `the run history index could not be updated (${code}); the run folder is complete and the index is repaired the next time the runs folder is opened (free disk space first if it is full)`
}
