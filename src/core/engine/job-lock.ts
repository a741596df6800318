/**
 * One process at a time continues a job: `<runDir>/.lock` is created exclusively (O_EXCL) and
 * holds the owner's pid. A lock whose owner is gone (crash, kill) is taken over, so a crash never
 * leaves a job that cannot be resumed; a live owner makes the second caller fail with
 * `job_busy` naming that process.
 */
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs'
import { join } from 'node:path'
import { OrchestratorError } from '../errors'
import { isProcessAlive } from '../history/recover'
import { fsErrorCode } from '../run/fs-error-code'

const LOCK_FILE = '.lock'

export interface JobLock {
  release(): void
}

export function busyError(jobId: string, pid: number): OrchestratorError {
  return new OrchestratorError({
    kind: 'job_busy',
    retryable: false,
    message: `job ${jobId} is being run by process ${pid} on this machine; wait for it to finish, or stop it (kill ${pid}) and resume again`,
  })
}

export function acquireJobLock(runDir: string, jobId: string, isAlive: (pid: number) => boolean = isProcessAlive): JobLock {
  const path = join(runDir, LOCK_FILE)
  for (let tries = 0; tries < 3; tries++) {
    let fd: number
    try {
      fd = openSync(path, 'wx', 0o644)
    } catch (err) {
      if (fsErrorCode(err) !== 'EEXIST') throw err
      let owner = Number.NaN
      try {
        owner = Number.parseInt(readFileSync(path, 'utf8'), 10)
      } catch {
        // vanished or unreadable: try again
      }
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) throw busyError(jobId, owner)
      rmSync(path, { force: true })
      continue
    }
    try {
      writeSync(fd, `${process.pid}\n`)
    } finally {
      closeSync(fd)
    }
    let released = false
    return {
      release() {
        if (released) return
        released = true
        rmSync(path, { force: true })
      },
    }
  }
  throw new OrchestratorError({ kind: 'io', retryable: true, message: `cannot take the lock ${path}; try again` })
}
