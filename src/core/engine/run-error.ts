/**
 * A failure of a run after its folder exists (e.g. the disk filled up while writing the
 * manifest). It keeps the cause's kind and message and adds the job id and run folder, so the
 * CLI can still print both — in --json too — and the user can find what was written.
 */
import { OrchestratorError, toErrorInfo } from '../errors'

export class RunError extends OrchestratorError {
  readonly jobId: string
  readonly runDir: string

  constructor(cause: unknown, jobId: string, runDir: string) {
    super(toErrorInfo(cause), { cause })
    this.name = 'RunError'
    this.jobId = jobId
    this.runDir = runDir
  }
}
