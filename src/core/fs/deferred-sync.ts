/**
 * Write-ahead durability for files written during a run: an atomic write given a DeferredSync
 * renames its temp file into place without fsync and stages the target here; `syncAll` fsyncs
 * every staged file, then their folders. The run recorder calls it before it writes any event
 * line, so no event that names a file reaches events.jsonl before that file is on disk, and the
 * model calls between writes do not wait for the disk. A crash before that flush may leave the
 * files of a step that is not recorded as finished torn; a resume runs that step again.
 */
import { closeSync, fsyncSync, openSync } from 'node:fs'
import { dirname } from 'node:path'

function syncPath(path: string, missingOk: boolean): void {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (err) {
    if (missingOk && (err as NodeJS.ErrnoException).code === 'ENOENT') return
    throw err
  }
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

export class DeferredSync {
  private files = new Set<string>()
  private dirs = new Set<string>()

  stage(path: string): void {
    this.files.add(path)
    this.dirs.add(dirname(path))
  }

  get pending(): number {
    return this.files.size
  }

  /** fsyncs the staged files (one removed since is skipped), then their folders; throws the first failure and keeps what is left staged. */
  syncAll(): void {
    for (const file of this.files) {
      syncPath(file, true)
      this.files.delete(file)
    }
    for (const dir of this.dirs) {
      try {
        syncPath(dir, true)
      } catch {
        // Some file systems do not allow fsync on a directory; the renames are still atomic.
      }
      this.dirs.delete(dir)
    }
  }
}
