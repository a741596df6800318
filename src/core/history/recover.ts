/**
 * Marks runs whose writer died as `interrupted`. A run folder whose manifest says `running` but
 * whose `pid` is null or not alive gets its leftover temp files swept and its manifest rewritten
 * atomically: status `interrupted`, finished_at = last event ts (or now), pid null, and one
 * `interrupted` failure appended. Step statuses are left as they were, so a rerun resumes.
 * Unparseable manifests and folders that cannot be rewritten are left untouched.
 */
import { atomicWriteFileSync, sweepTempFiles } from '../fs/atomic-write'
import type { Manifest } from '../../shared/manifest'
import { lastEventTs, listRunFolders, readRunManifest } from './run-folders'

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

export function interruptedManifest(manifest: Manifest, finishedAt: string, now: string): Manifest {
  const start = Date.parse(manifest.started_at)
  const end = Date.parse(finishedAt)
  return {
    ...manifest,
    status: 'interrupted',
    finished_at: finishedAt,
    duration_s: Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, (end - start) / 1000) : null,
    pid: null,
    failures: [...manifest.failures, { kind: 'interrupted', step: null, message: INTERRUPTED_MESSAGE, timestamp: now }],
  }
}

export function recoverInterrupted(runsDir: string, options: RecoverOptions = {}): string[] {
  const isAlive = options.isAlive ?? isProcessAlive
  const recovered: string[] = []
  for (const folder of listRunFolders(runsDir)) {
    const read = readRunManifest(folder)
    if (!read.ok || read.manifest.status !== 'running') continue
    const { manifest } = read
    if (manifest.pid !== null && isAlive(manifest.pid)) continue
    const now = new Date().toISOString()
    const next = interruptedManifest(manifest, lastEventTs(folder.eventsPath) ?? now, now)
    try {
      sweepTempFiles(folder.dir)
      atomicWriteFileSync(folder.manifestPath, `${JSON.stringify(next, null, 2)}\n`)
    } catch {
      continue
    }
    recovered.push(manifest.job_id)
  }
  return recovered
}
