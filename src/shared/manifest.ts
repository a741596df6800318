/**
 * manifest.json: the self-description of one run folder. Field names keep the original tool's
 * (`job_id`, `task_description`, `files[]`, `steps{}`, `failures[]`, `completed_steps`,
 * `pending_steps`); the rest are our additions. Always written atomically, so it always parses.
 */
import { z } from 'zod'
import { checkStatusSchema, errorInfoSchema, runStatusSchema, stepStatusSchema, usageSchema } from './run-event'

/**
 * Tokens and cost. `usage` counts tokens of live model calls only; answers replayed from the
 * cache count as `saved_tokens` / `saved_usd` instead. `cost_usd` (USD, from the price table) is
 * null when any live call of the step or run used a model without a known price — never a partial
 * sum; local models cost 0. Manifests written before these fields read them as unknown/0.
 */
const costSchema = z.number().nullable().default(null)
const savedTokensSchema = z.number().int().nonnegative().default(0)
const savedUsdSchema = z.number().nullable().default(0)

export const manifestFileSchema = z.object({
  path: z.string(),
  sha256: z.string(),
  size_bytes: z.number().int().nonnegative(),
  media_type: z.string(),
  created_at: z.string(),
  step: z.string(),
})

export const manifestStepSchema = z.object({
  agent: z.string(),
  needs: z.array(z.string()),
  provider: z.string(),
  model: z.string(),
  status: stepStatusSchema,
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  duration_s: z.number().nullable(),
  attempts: z.number().int(),
  provider_calls: z.number().int(),
  usage: usageSchema,
  cost_usd: costSchema,
  saved_tokens: savedTokensSchema,
  saved_usd: savedUsdSchema,
  cache_hit: z.boolean(),
  artifacts: z.array(z.string()),
  error: errorInfoSchema.nullable(),
  /** The step's check command and its outcome; null when the step has none (or it has not run). */
  check: z
    .object({ command: z.string(), status: checkStatusSchema, exit_code: z.number().int().nullable(), artifact: z.string().nullable() })
    .nullable()
    .default(null),
})

export const manifestSchema = z.object({
  schema_version: z.literal(1),
  job_id: z.string(),
  project: z.string(),
  task_description: z.string(),
  provider: z.string(),
  spec_sha256: z.string(),
  app_version: z.string(),
  status: runStatusSchema,
  started_at: z.string(),
  finished_at: z.string().nullable(),
  duration_s: z.number().nullable(),
  /** Process id of the writer while `running`; lets a later process detect a dead run. */
  pid: z.number().int().nullable(),
  usage: usageSchema,
  cost_usd: costSchema,
  saved_tokens: savedTokensSchema,
  saved_usd: savedUsdSchema,
  files: z.array(manifestFileSchema),
  steps: z.record(z.string(), manifestStepSchema),
  /** What the user was told about this run (e.g. that the offline demo provider answered). */
  notices: z.array(z.string()).default([]),
  failures: z.array(z.object({ kind: z.string(), step: z.string().nullable(), message: z.string(), timestamp: z.string() })),
  completed_steps: z.array(z.string()),
  pending_steps: z.array(z.string()),
})

export type Manifest = z.infer<typeof manifestSchema>
export type ManifestFile = z.infer<typeof manifestFileSchema>
export type ManifestStep = z.infer<typeof manifestStepSchema>
