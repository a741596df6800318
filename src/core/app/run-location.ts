/**
 * Turns a job id from the UI into its run folder. The id has already passed the contract's
 * `job_` + 12 hex pattern; `runPaths` checks it again, so no request can build a path outside
 * the runs folder. A run that does not exist is bad input with a message the UI can show.
 */
import { existsSync } from 'node:fs'
import { OrchestratorError } from '../errors'
import { runPaths, type RunPaths } from '../run/run-paths'

export function locateRun(runsDir: string, jobId: string): RunPaths {
  const paths = runPaths(runsDir, jobId)
  if (!existsSync(paths.manifest)) {
    throw new OrchestratorError({
      kind: 'bad_input',
      retryable: false,
      message: `no run ${jobId} in ${runsDir}; it may have been deleted, refresh the history`,
    })
  }
  return paths
}
