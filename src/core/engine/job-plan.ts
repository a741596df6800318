/**
 * What a run continues from, when it is not a fresh job: `ContinuePlan` (resume / approve /
 * reject: the same job id and folder, finished steps kept as they are) or `ReusePlan` (rerun: a
 * new job whose steps outside the rerun are taken over from the parent by content hash). Also
 * the approval hook a terminal provides. Built by resume-job.ts and rerun-job.ts, consumed by
 * run-job.ts.
 */
import type { Manifest } from '../../shared/manifest'
import type { RunStatus } from '../../shared/run-event'
import type { RunPaths } from '../run/run-paths'

/** The answer to an approval gate: approve (optionally with an edited prompt) or reject. */
export type ApprovalAnswer = { decision: 'approve'; prompt?: string } | { decision: 'reject'; reason?: string }

/** Asks whether a gated step may start; undefined means nobody can answer now (the run pauses). */
export type ApprovalAsk = (request: { step: string; prompt: string }) => Promise<ApprovalAnswer | undefined>

export interface ContinuePlan {
  jobId: string
  paths: RunPaths
  manifest: Manifest
  fromStatus: RunStatus
  /** Succeeded steps: not run again. */
  done: ReadonlySet<string>
  /** Decisions already given for gated steps (approve/reject on the command line). */
  decisions: ReadonlyMap<string, ApprovalAnswer>
}

export interface ReusePlan {
  parentJobId: string
  parentDir: string
  parentManifest: Manifest
  /** Null for a fresh rerun of the whole spec. */
  from: string | null
  /** Steps taken over unchanged from the parent. */
  reused: ReadonlySet<string>
}
