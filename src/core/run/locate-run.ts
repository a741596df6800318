/**
 * Turns a job id from outside (CLI argument, UI request) into its run folder. The id is checked
 * against the strict `job_` + 12 hex pattern BEFORE any path is built, so input like `../../x`
 * never reaches the file system; a malformed id or a run that does not exist is `bad_input`
 * (CLI exit code 2) with the caller's hint on where to look (`see 'orchestrator list'`,
 * `refresh the history`).
 */
import { existsSync } from 'node:fs'
import { OrchestratorError } from '../errors'
import { isJobId } from './job-id'
import { runPaths, type RunPaths } from './run-paths'

export function locateRun(runsDir: string, jobId: string, hint: string): RunPaths {
  const bad = (message: string): OrchestratorError =>
    new OrchestratorError({ kind: 'bad_input', retryable: false, message: `${message}; ${hint}` })
  if (!isJobId(jobId)) {
    throw bad(`'${jobId.slice(0, 40)}' is not a job id (expected job_ followed by 12 hex digits, e.g. job_0123456789ab)`)
  }
  const paths = runPaths(runsDir, jobId)
  if (!existsSync(paths.manifest)) throw bad(`no run ${jobId} in ${runsDir}`)
  return paths
}
