/**
 * Job ids: `job_` + 12 lowercase hex characters from crypto randomness (the original tool's
 * format). `isJobId` is the one check for ids that arrive from outside (CLI, IPC, folder names),
 * so a job id can always be used as a single path segment.
 */
import { randomBytes } from 'node:crypto'

const JOB_ID = /^job_[0-9a-f]{12}$/

export function newJobId(): string {
  return `job_${randomBytes(6).toString('hex')}`
}

export function isJobId(s: string): boolean {
  return JOB_ID.test(s)
}
