/**
 * The manifest fold for working with a run after it starts, called by reduceEvent with the same
 * conventions: a job continued in place (`job.resumed`: back to running, failures cleared, the
 * resume recorded, the steps to run pending again), approval gates (`job.awaiting_approval`,
 * `step.awaiting_approval` / `approved` / `rejected`), steps reused by a rerun (`step.reused`:
 * succeeded, what they saved counted) and QA fix rounds (`step.round`, and `step.check` of a
 * round): per step, what each round cost, which file versions it wrote, the check's outcome.
 */
import type { Manifest, ManifestRound, ManifestStep } from '../../shared/manifest'
import type { RunEvent } from '../../shared/run-event'

type CheckStatus = ManifestRound['check']
import { addCost } from '../../shared/cost'
import type { ManifestLists } from './manifest-lists'

export type ContinuationEvent = Extract<
  RunEvent,
  {
    type:
      'job.resumed' | 'job.awaiting_approval' | 'step.reused' | 'step.round' | 'step.awaiting_approval' | 'step.approved' | 'step.rejected'
  }
>

export function finishStep(step: ManifestStep, ts: string, durationS: number | null): void {
  step.finished_at = ts
  step.duration_s = durationS
}

/** The round being recorded on a step (its last), creating round 1 from what the step did so far. */
function openRound(manifest: Manifest, step: ManifestStep, stepId: string): ManifestRound {
  if (step.rounds.length === 0) {
    step.rounds.push({
      round: 1,
      usage: { ...step.usage },
      cost_usd: step.cost_usd,
      files: manifest.files.filter((f) => f.step === stepId).map((f) => ({ path: f.path, sha256: f.sha256 })),
      check: null,
    })
  }
  return step.rounds[step.rounds.length - 1] as ManifestRound
}

/** A round's check outcome on the check step; creates the round entry when needed. */
export function recordCheckRound(
  manifest: Manifest,
  step: ManifestStep,
  stepId: string,
  roundNo: number,
  status: NonNullable<CheckStatus>,
): void {
  let round = step.rounds.find((r) => r.round === roundNo)
  if (!round) {
    round = openRound(manifest, step, stepId)
    if (round.round !== roundNo) {
      round = { round: roundNo, usage: { prompt_tokens: 0, completion_tokens: 0 }, cost_usd: 0, files: [], check: null }
      step.rounds.push(round)
    }
  }
  round.check = status
}

export function reduceContinuation(
  manifest: Manifest,
  event: ContinuationEvent,
  lists: ManifestLists,
  stepOf: (id: string) => ManifestStep,
): boolean {
  switch (event.type) {
    case 'job.resumed':
      manifest.status = 'running'
      manifest.finished_at = null
      manifest.duration_s = null
      manifest.pid = event.pid
      manifest.failures = []
      if (event.budget) manifest.budget = event.budget
      manifest.resumes.push({
        at: event.ts,
        from_status: event.from_status,
        reused_steps: [...event.reused_steps],
        saved_tokens: event.saved_tokens,
        saved_usd: event.saved_usd,
      })
      for (const id of event.rerun_steps) {
        const step = stepOf(id)
        step.status = 'pending'
        step.error = null
        lists.open(id)
      }
      return true
    case 'job.awaiting_approval':
      manifest.status = 'awaiting_approval'
      manifest.finished_at = event.ts
      manifest.duration_s = event.duration_s
      manifest.pid = null
      return true
    case 'step.reused': {
      const step = stepOf(event.step)
      step.status = 'succeeded'
      step.started_at = event.ts
      finishStep(step, event.ts, 0)
      step.reused_from = event.from_job_id
      step.error = null
      step.saved_tokens += event.saved_tokens
      step.saved_usd = addCost(step.saved_usd, event.saved_usd)
      manifest.saved_tokens += event.saved_tokens
      manifest.saved_usd = addCost(manifest.saved_usd, event.saved_usd)
      lists.finish(event.step, true)
      return true
    }
    case 'step.round': {
      const step = stepOf(event.step)
      openRound(manifest, step, event.step)
      step.rounds.push({ round: event.round, usage: { prompt_tokens: 0, completion_tokens: 0 }, cost_usd: 0, files: [], check: null })
      return true
    }
    case 'step.awaiting_approval': {
      const step = stepOf(event.step)
      step.status = 'awaiting_approval'
      step.approval = 'awaiting'
      return true
    }
    case 'step.approved': {
      const step = stepOf(event.step)
      step.status = 'pending'
      step.approval = 'approved'
      lists.open(event.step)
      return true
    }
    case 'step.rejected': {
      const step = stepOf(event.step)
      step.status = 'failed'
      step.approval = 'rejected'
      finishStep(step, event.ts, null)
      step.error = { kind: 'rejected', message: event.reason, retryable: false }
      manifest.failures.push({ kind: 'rejected', step: event.step, message: event.reason, timestamp: event.ts })
      lists.finish(event.step, false)
      return true
    }
  }
}
