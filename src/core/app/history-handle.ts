/**
 * One history index connection for the app's lifetime, opened on first use with `openRunsDir`
 * (which first marks runs of dead processes interrupted and indexes unknown folders). Runs
 * write through their own connection; WAL makes their commits visible here.
 */
import { openRunsDir } from '../history/open-runs-dir'
import type { HistoryDb } from '../history/history-db'

export class HistoryHandle {
  private db: HistoryDb | undefined

  constructor(private readonly runsDir: string) {}

  get(): HistoryDb {
    this.db ??= openRunsDir(this.runsDir).db
    return this.db
  }

  close(): void {
    this.db?.close()
    this.db = undefined
  }
}
