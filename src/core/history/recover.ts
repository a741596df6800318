/**
 * Marks runs whose writer died as `interrupted`. A run folder whose manifest says `running` but
 * whose `pid` is null or not alive gets its leftover temp files swept and its manifest rewritten
 * atomically: status `interrupted`, finished_at = last event ts (or now), pid null, steps that
 * were `running` become `interrupted` (finished ones keep their status, so a rerun resumes), and
 * one `interrupted` failure appended. `recoverRun` does this for one folder (used by `show` and
 * the app's runs.get); `recoverInterrupted` for all, and sweeps temp files in every run folder.
 * Unparseable manifests and folders that cannot be rewritten are left untouched.
 */
import { existsSync } from 'node:fs'
import { atomicWriteFileSync, sweepTempFiles } from '../fs/atomic-write'
import type { Manifest } from '../../shared/manifest'
import { lastEventTs, listRunFolders, manifestStatus, readRunManifest, type RunFolder } from './run-folders'

export const INTERRUPTED_MESSAGE =
  "the process running this job stopped (crash or kill); continue it in place with 'orchestrator resume <job_id>'"

export interface RecoverOptions {
  isAlive?: (pid: number) => boolean
}

/** True when a process with this pid exists (EPERM means it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return typeof err === 'object' && err !== null && 'code' in err && err.code === 'EPERM'
  }
}

function interruptedManifest(manifest: Manifest, finishedAt: string, now: string): Manifest {
  const start = Date.parse(manifest.started_at)
  const end = Date.parse(finishedAt)
  const steps: Manifest['steps'] = Object.create(null) as Manifest['steps']
  for (const [id, step] of Object.entries(manifest.steps)) {
    steps[id] = step.status === 'running' ? { ...step, status: 'interrupted', finished_at: finishedAt } : step
  }
  return {
    ...manifest,
    steps,
    status: 'interrupted',
    finished_at: finishedAt,
    duration_s: Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, (end - start) / 1000) : null,
    pid: null,
    failures: [...manifest.failures, { kind: 'interrupted', step: null, message: INTERRUPTED_MESSAGE, timestamp: now }],
  }
}

/** Marks one run interrupted when its writer is dead; true when it did. */
export function recoverRun(folder: RunFolder, options: RecoverOptions = {}): boolean {
  return recoverFolder(folder, options.isAlive ?? isProcessAlive) === 'recovered'
}

function recoverFolder(folder: RunFolder, isAlive: (pid: number) => boolean): 'recovered' | 'live' | 'other' {
  // JSON.parse alone rules out finished runs; only a running one is validated in full.
  if (manifestStatus(folder.manifestPath) !== 'running') return 'other'
  const read = readRunManifest(folder)
  if (!read.ok || read.manifest.status !== 'running') return 'other'
  const { manifest } = read
  if (manifest.pid !== null && isAlive(manifest.pid)) return 'live'
  const now = new Date().toISOString()
  const next = interruptedManifest(manifest, lastEventTs(folder.eventsPath) ?? now, now)
  try {
    sweepTempFiles(folder.dir)
    atomicWriteFileSync(folder.manifestPath, `${JSON.stringify(next, null, 2)}\n`)
  } catch {
    return 'other'
  }
  return 'recovered'
}

export function recoverInterrupted(runsDir: string, options: RecoverOptions = {}): string[] {
  const isAlive = options.isAlive ?? isProcessAlive
  const recovered: string[] = []
  for (const folder of listRunFolders(runsDir)) {
    const outcome = recoverFolder(folder, isAlive)
    if (outcome === 'recovered') recovered.push(folder.jobId)
    // A finished run can still hold a temp file from a write race; a live run's temps are in use.
    // A folder without a manifest may be one another process is creating right now.
    else if (outcome === 'other' && existsSync(folder.manifestPath)) sweepTempFiles(folder.dir)
  }
  return recovered
}
