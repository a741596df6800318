/**
 * manifest.json: the self-description of one run folder. Field names keep the original tool's
 * (`job_id`, `task_description`, `files[]`, `steps{}`, `failures[]`, `completed_steps`,
 * `pending_steps`); the rest are our additions. Always written atomically, so it always parses.
 */
import { z } from 'zod'
import { errorInfoSchema, runStatusSchema, stepStatusSchema, usageSchema } from './run-event'

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
  cache_hit: z.boolean(),
  artifacts: z.array(z.string()),
  error: errorInfoSchema.nullable(),
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
  files: z.array(manifestFileSchema),
  steps: z.record(z.string(), manifestStepSchema),
  failures: z.array(
    z.object({ kind: z.string(), step: z.string().nullable(), message: z.string(), timestamp: z.string() }),
  ),
  completed_steps: z.array(z.string()),
  pending_steps: z.array(z.string()),
})

export type Manifest = z.infer<typeof manifestSchema>
export type ManifestFile = z.infer<typeof manifestFileSchema>
export type ManifestStep = z.infer<typeof manifestStepSchema>
