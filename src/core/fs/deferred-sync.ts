/**
 * Write-ahead durability for files written during a run: an atomic write given a DeferredSync
 * renames its temp file into place without fsync and stages the target here; `syncAll` fsyncs
 * every staged file, then their folders. The run recorder calls it before it writes any event
 * line, so no event that names a file reaches events.jsonl before that file is on disk, and the
 * model calls between writes do not wait for the disk. A crash before that flush may leave the
 * files of a step that is not recorded as finished torn; a resume runs that step again.
 * Writes that nothing reads before their events (a step's artifact, its log) can be queued with
 * `later`: they run at the start of `syncAll`, so at a step boundary the next model request goes
 * out first and the disk work overlaps the model's latency.
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
  private tasks: (() => void)[] = []

  /** Runs `task` (a write) at the next syncAll, in the order queued, before the fsyncs; one that throws stays queued with those after it. */
  later(task: () => void): void {
    this.tasks.push(task)
  }

  stage(path: string): void {
    this.files.add(path)
    this.dirs.add(dirname(path))
  }

  get pending(): number {
    return this.files.size + this.tasks.length
  }

  /** Runs the queued writes, fsyncs the staged files (one removed since is skipped), then their folders; throws the first failure and keeps what is left. */
  syncAll(): void {
    while (this.tasks.length > 0) {
      this.tasks[0]?.()
      this.tasks.shift()
    }
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

/** Queues `task` on the run's write-ahead sync, or runs it now when there is none. */
export function laterOrNow(sync: DeferredSync | undefined, task: () => void): void {
  if (sync) sync.later(task)
  else task()
}
