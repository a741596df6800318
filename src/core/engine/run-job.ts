/**
 * Runs a spec end to end into runs/<job_id>/. Everything that can be checked before a model
 * call (spec, providers, models) is checked before the run folder is created, so bad input
 * creates nothing. Steps start as soon as their dependencies finish, bounded per provider; the
 * run folder (events.jsonl, manifest.json) is the source of truth and SQLite follows it.
 * Keys in `env` (and key-shaped strings) are redacted from everything written to the run folder;
 * costs come from the price table (shipped, merged with the user's override).
 * The same loop continues a job in place (`continueJob`: resume/approve/reject, finished steps
 * kept as they are) or makes a rerun (`rerunOf`: steps outside the rerun taken over from the
 * parent). A step with `approve: true` waits for `askApproval`, else the run stops
 * `awaiting_approval`; a failing check with `on_check_fail` goes back to its upstream step.
 * Phase one lives in prepare-job.ts, phase two in execute-job.ts, the options in job-options.ts.
 */
import { executeJob } from './execute-job'
import type { RunJobOptions, RunJobResult, StartedJob } from './job-options'
import { prepareJob } from './prepare-job'

export type { RunJobOptions, RunJobResult, StartedJob } from './job-options'

/** Runs a job to its end (both phases of startJob). */
export async function runJob(options: RunJobOptions): Promise<RunJobResult> {
  return (await startJob(options)).done
}

/**
 * Phase one, awaited: spec, providers, models, prices and sandbox are checked and the run folder
 * is created (a failure here creates nothing and rejects). Phase two, `done`: the steps run; an
 * engine fault there ends the run as failed and rejects `done`.
 */
export async function startJob(options: RunJobOptions): Promise<StartedJob> {
  const job = await prepareJob(options)
  if (options.onEvent) job.recorder.subscribe(options.onEvent)
  options.onStart?.({ jobId: job.jobId, runDir: job.paths.root, notices: job.providers.notices })
  return { jobId: job.jobId, runDir: job.paths.root, notices: job.providers.notices, done: executeJob(job) }
}
