/**
 * Where runs live and how a job id becomes a run folder. The runs folder is --runs-dir, else
 * $ORCHESTRATOR_RUNS_DIR, else ./runs, resolved against the CLI's cwd. A job id is checked
 * against the strict `job_` + 12 hex pattern BEFORE any path is built, so input like `../../x`
 * never reaches the file system; an unknown id is bad input (exit 2).
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { OrchestratorError } from '../core/errors'
import { readManifestFile } from '../core/history/run-folders'
import { readEvents } from '../core/run/event-log'
import { isJobId } from '../core/run/job-id'
import { runPaths, type RunPaths } from '../core/run/run-paths'
import type { Manifest } from '../shared/manifest'
import type { CliIo } from './cli-io'
import { UsageError } from './usage-error'

export function resolveRunsDir(flag: string | undefined, io: Pick<CliIo, 'env' | 'cwd'>): string {
  const chosen = flag ?? (io.env.ORCHESTRATOR_RUNS_DIR?.trim() || 'runs')
  return resolve(io.cwd, chosen)
}

export function locateRun(runsDir: string, jobId: string, command: string): RunPaths {
  if (!isJobId(jobId)) {
    throw new UsageError(
      `'${jobId}' is not a job id (expected job_ followed by 12 hex digits, e.g. job_0123456789ab); see 'orchestrator list'`,
      command,
    )
  }
  const paths = runPaths(runsDir, jobId)
  if (!existsSync(paths.manifest)) {
    throw new UsageError(`no run ${jobId} in ${runsDir}; see 'orchestrator list' (or pass --runs-dir)`, command)
  }
  return paths
}

export function readManifest(path: string): Manifest {
  const read = readManifestFile(path)
  if (!read.ok) {
    throw new OrchestratorError({
      kind: 'io',
      retryable: false,
      message: `cannot read ${path}: ${read.reason}; run 'orchestrator reindex' to list damaged runs (a manifest from a newer version may not match)`,
    })
  }
  return read.manifest
}

export type RunEventLog = ReturnType<typeof readEvents>

/** events.jsonl of a run; an absent file reads as no events (the run folder may be mid-creation). */
export function readRunEvents(path: string): RunEventLog {
  if (!existsSync(path)) return { events: [], tornLastLine: false, invalidLines: 0 }
  return readEvents(path)
}
