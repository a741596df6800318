/**
 * Where runs live for the CLI and how their files are read. The runs folder is --runs-dir, else
 * $ORCHESTRATOR_RUNS_DIR, else ./runs, resolved against the CLI's cwd. A job id becomes a run
 * folder through `locateRun` (src/core/run/locate-run.ts) with `CLI_RUN_HINT`.
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { OrchestratorError } from '../core/errors'
import { readManifestFile } from '../core/history/run-folders'
import { readEvents } from '../core/run/event-log'
import { isJobId } from '../core/run/job-id'
import { locateRun } from '../core/run/locate-run'
import type { Manifest } from '../shared/manifest'
import type { CliIo } from './cli-io'
import { UsageError } from './usage-error'

export function resolveRunsDir(flag: string | undefined, io: Pick<CliIo, 'env' | 'cwd'>): string {
  const chosen = flag ?? (io.env.ORCHESTRATOR_RUNS_DIR?.trim() || 'runs')
  return resolve(io.cwd, chosen)
}

/** What a CLI error about an unknown job id suggests (used with core/run/locate-run). */
export const CLI_RUN_HINT = "see 'orchestrator list' (or pass --runs-dir)"

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

/** A run given as a job id in the runs folder, or as the path of a run folder (e.g. copied from elsewhere). */
export function runFolderOf(target: string, runsDir: string, io: Pick<CliIo, 'cwd'>): string {
  if (isJobId(target)) return locateRun(runsDir, target, CLI_RUN_HINT).root
  const dir = resolve(io.cwd, target)
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new UsageError(`${target} is neither a job id nor a run folder (no manifest.json in it); see 'orchestrator list'`, CLI_RUN_HINT)
  }
  return dir
}
