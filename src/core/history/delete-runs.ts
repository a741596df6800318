/**
 * Housekeeping: delete one run, or prune many (keep the newest N, or drop those started before a
 * date), folder and SQLite row together. A run another process is still running is never
 * deleted. A folder is first renamed aside (`.deleting-<job_id>`), then its row removed, then the
 * folder; so an interrupted delete never leaves a half run that looks whole, and the next
 * delete or prune sweeps what was left aside.
 */
import { readdirSync, renameSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { OrchestratorError } from '../errors'
import { locateRun } from '../run/locate-run'
import { openRunsDir } from './open-runs-dir'
import { listRunFolders, readManifestFile } from './run-folders'

export interface RunToDelete {
  job_id: string
  project: string
  status: string
  started_at: string
}

export interface PruneSelection {
  /** Keep the newest N runs. */
  keep?: number
  /** Delete runs started before this time (ms since epoch). */
  startedBefore?: number
}

const ASIDE = '.deleting-'

function sweepAside(root: string): void {
  let names: string[]
  try {
    names = readdirSync(root)
  } catch {
    return
  }
  for (const name of names) if (name.startsWith(ASIDE)) rmSync(join(root, name), { recursive: true, force: true })
}

/** The run a job id names, refusing one that is still running. */
export function runToDelete(runsDir: string, jobId: string, hint: string): RunToDelete {
  const paths = locateRun(runsDir, jobId, hint)
  openRunsDir(runsDir).db.close()
  const read = readManifestFile(paths.manifest)
  const m = read.ok ? read.manifest : null
  if (m?.status === 'running') {
    throw new OrchestratorError({
      kind: 'bad_input',
      retryable: false,
      message: `run ${jobId} is still running (pid ${m.pid ?? '?'}); cancel it first, then delete it`,
    })
  }
  return { job_id: jobId, project: m?.project ?? '?', status: m?.status ?? 'damaged', started_at: m?.started_at ?? '' }
}

/** The runs a prune would delete, oldest first; running runs are never selected. */
export function selectPrune(runsDir: string, selection: PruneSelection): RunToDelete[] {
  openRunsDir(runsDir).db.close()
  const runs: RunToDelete[] = []
  for (const folder of listRunFolders(runsDir)) {
    const read = readManifestFile(folder.manifestPath)
    if (!read.ok) continue
    const m = read.manifest
    runs.push({
      job_id: m.job_id === folder.jobId ? m.job_id : folder.jobId,
      project: m.project,
      status: m.status,
      started_at: m.started_at,
    })
  }
  runs.sort((a, b) => (a.started_at < b.started_at ? 1 : a.started_at > b.started_at ? -1 : 0))
  const chosen = runs.filter((run, index) => {
    if (run.status === 'running') return false
    if (selection.keep !== undefined && index < selection.keep) return false
    if (selection.startedBefore !== undefined && !(Date.parse(run.started_at) < selection.startedBefore)) return false
    return selection.keep !== undefined || selection.startedBefore !== undefined
  })
  return chosen.reverse()
}

/** Deletes the runs' folders and index rows; returns the ids deleted. */
export function deleteRuns(runsDir: string, jobIds: readonly string[]): string[] {
  const root = resolve(runsDir)
  sweepAside(root)
  const moved: string[] = []
  for (const id of jobIds) {
    const paths = locateRun(root, id, "see 'orchestrator list'")
    try {
      renameSync(paths.root, join(root, `${ASIDE}${id}`))
    } catch (err) {
      throw new OrchestratorError(
        { kind: 'io', retryable: false, message: `cannot delete ${paths.root}; check that the runs folder is writable` },
        { cause: err },
      )
    }
    moved.push(id)
  }
  const { db } = openRunsDir(root)
  try {
    db.deleteRuns(moved)
  } finally {
    db.close()
  }
  sweepAside(root)
  return moved
}
