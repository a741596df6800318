/**
 * One row of the run history as every consumer sees it: the SQLite index produces it, the CLI's
 * `list` prints it, and the `runs.list` channel carries it to the UI.
 */
import { z } from 'zod'
import { runStatusSchema } from './run-event'

export const runSummarySchema = z.object({
  job_id: z.string(),
  project: z.string(),
  status: runStatusSchema,
  provider: z.string(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  duration_s: z.number().nullable(),
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  /** USD; null when a model's price is unknown. */
  cost_usd: z.number().nullable(),
  saved_tokens: z.number(),
  saved_usd: z.number().nullable(),
  files: z.number(),
  steps_total: z.number(),
  steps_succeeded: z.number(),
  /** A rerun's parent job and the step it reran from (null: not a rerun / a fresh rerun). */
  parent_job_id: z.string().nullable().default(null),
  rerun_from: z.string().nullable().default(null),
  /** How many times the job was continued in place. */
  resumes: z.number().default(0),
  run_dir: z.string(),
  task_description: z.string(),
  /** Why a failed run failed: its first failed step and that step's error (null otherwise). */
  error: z.string().nullable().default(null),
})

export type RunSummary = z.infer<typeof runSummarySchema>
