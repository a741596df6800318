/**
 * Continues a job in place: the same job id and folder, from the resolved spec recorded in its
 * inputs/ (the folder alone is enough, as for replay). Succeeded steps stay exactly as they are
 * (outputs, events, cost); failed, interrupted, cancelled, skipped, gated and never-started
 * steps run, answers already recorded coming from the cache. Each provider and model is the one
 * the job used. `approveStep` / `rejectStep` are resume with a decision for a gated step.
 * Refused: a job another live process is running (named), a second resume at the same time (the
 * job lock), a job that already succeeded (`nothing_to_resume`). A resume that crashes leaves the
 * job `running` with a dead pid, which the next open marks interrupted: it can be resumed again.
 */
import { OrchestratorError } from '../errors'
import { listRunFolders, readManifestFile } from '../history/run-folders'
import { isProcessAlive } from '../history/recover'
import { isJobId } from '../run/job-id'
import { runPaths, type RunPaths } from '../run/run-paths'
import { existsSync } from 'node:fs'
import type { Manifest } from '../../shared/manifest'
import { stepsCost } from './done-steps'
import type { ApprovalAnswer } from './job-plan'
import { acquireJobLock, busyError } from './job-lock'
import { recordedSpec } from './replay-job'
import { runJob, type RunJobOptions, type RunJobResult } from './run-job'

export type ResumeOptions = Omit<
  RunJobOptions,
  'spec' | 'runsDir' | 'continueJob' | 'rerunOf' | 'replayFrom' | 'pinned' | 'provider' | 'model'
>

export interface ResumeResult extends RunJobResult {
  /** Steps kept as they were, and what they had cost (what resuming saved). */
  reused: string[]
  saved: { tokens: number; usd: number | null }
}

function knownJobs(runsDir: string): string {
  const ids = listRunFolders(runsDir)
    .map((f) => f.jobId)
    .slice(-10)
  return ids.length > 0 ? `known jobs: ${ids.join(', ')}` : `${runsDir} holds no runs`
}

/** The run folder of a job id, or bad_input naming the jobs that exist. */
export function findJob(runsDir: string, jobId: string): RunPaths {
  if (!isJobId(jobId)) {
    throw new OrchestratorError({
      kind: 'bad_input',
      retryable: false,
      message: `'${jobId.slice(0, 40)}' is not a job id (job_ followed by 12 hex digits); ${knownJobs(runsDir)}`,
    })
  }
  const paths = runPaths(runsDir, jobId)
  if (!existsSync(paths.manifest)) {
    throw new OrchestratorError({ kind: 'bad_input', retryable: false, message: `no job ${jobId} in ${runsDir}; ${knownJobs(runsDir)}` })
  }
  return paths
}

export function readJobManifest(paths: RunPaths): Manifest {
  const read = readManifestFile(paths.manifest)
  if (!read.ok) {
    throw new OrchestratorError({
      kind: 'bad_input',
      retryable: false,
      message: `cannot continue ${paths.root}: its manifest.json is unreadable (${read.reason})`,
    })
  }
  return read.manifest
}

export async function resumeJob(
  runsDir: string,
  jobId: string,
  options: ResumeOptions & { decisions?: ReadonlyMap<string, ApprovalAnswer> } = {},
): Promise<ResumeResult> {
  const paths = findJob(runsDir, jobId)
  const lock = acquireJobLock(paths.root, jobId)
  try {
    const manifest = readJobManifest(paths)
    let fromStatus = manifest.status
    if (fromStatus === 'running') {
      if (manifest.pid !== null && manifest.pid !== process.pid && isProcessAlive(manifest.pid)) throw busyError(jobId, manifest.pid)
      fromStatus = 'interrupted'
    }
    if (fromStatus === 'succeeded') {
      throw new OrchestratorError({
        kind: 'nothing_to_resume',
        retryable: false,
        message: `job ${jobId} already succeeded: nothing to resume; 'orchestrator rerun ${jobId} --from <step>' makes a new job from one step`,
      })
    }
    const spec = recordedSpec(paths.root)
    const done = new Set(spec.steps.filter((s) => manifest.steps[s.id]?.status === 'succeeded').map((s) => s.id))
    const pinned = Object.fromEntries(
      Object.entries(manifest.steps)
        .filter(([, s]) => s.provider !== '' && s.model !== '')
        .map(([id, s]) => [id, { provider: s.provider, model: s.model }]),
    )
    const { decisions, ...rest } = options
    const result = await runJob({
      ...rest,
      spec,
      runsDir,
      pinned,
      continueJob: { jobId, paths, manifest, fromStatus, done, decisions: decisions ?? new Map() },
    })
    return { ...result, reused: [...done], saved: stepsCost(manifest, done) }
  } finally {
    lock.release()
  }
}

/** The gated steps of a job, or bad_input when `stepId` is not one of them. */
function gatedStep(runsDir: string, jobId: string, stepId: string): void {
  const paths = findJob(runsDir, jobId)
  const spec = recordedSpec(paths.root)
  const gated = spec.steps.filter((s) => s.approve).map((s) => s.id)
  if (!spec.steps.some((s) => s.id === stepId)) {
    throw new OrchestratorError({
      kind: 'bad_input',
      retryable: false,
      message: `job ${jobId} has no step '${stepId}'; its steps: ${spec.steps.map((s) => s.id).join(', ')}`,
    })
  }
  if (!gated.includes(stepId)) {
    throw new OrchestratorError({
      kind: 'bad_input',
      retryable: false,
      message: `step '${stepId}' of ${jobId} has no approval gate; ${gated.length > 0 ? `gated steps: ${gated.join(', ')}` : 'no step has approve: true'}`,
    })
  }
  const step = readJobManifest(paths).steps[stepId]
  if (step?.approval === 'approved' || step?.status === 'succeeded') {
    throw new OrchestratorError({
      kind: 'nothing_to_resume',
      retryable: false,
      message: `step '${stepId}' of ${jobId} was already approved`,
    })
  }
}

/** Approves a gated step (optionally with an edited prompt) and continues the job in place. */
export async function approveStep(
  runsDir: string,
  jobId: string,
  stepId: string,
  options: ResumeOptions & { prompt?: string } = {},
): Promise<ResumeResult> {
  gatedStep(runsDir, jobId, stepId)
  const { prompt, ...rest } = options
  const answer: ApprovalAnswer = prompt === undefined ? { decision: 'approve' } : { decision: 'approve', prompt }
  return resumeJob(runsDir, jobId, { ...rest, decisions: new Map([[stepId, answer]]) })
}

/** Rejects a gated step: it fails (`rejected`), its dependents are skipped, the rest of the job continues. */
export async function rejectStep(
  runsDir: string,
  jobId: string,
  stepId: string,
  options: ResumeOptions & { reason?: string } = {},
): Promise<ResumeResult> {
  gatedStep(runsDir, jobId, stepId)
  const { reason, ...rest } = options
  const answer: ApprovalAnswer = { decision: 'reject', reason: reason ? `rejected: ${reason}` : 'rejected at its approval gate' }
  return resumeJob(runsDir, jobId, { ...rest, decisions: new Map([[stepId, answer]]) })
}
