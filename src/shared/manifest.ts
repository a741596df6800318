/**
 * manifest.json: the self-description of one run folder. Field names keep the original tool's
 * (`job_id`, `task_description`, `files[]`, `steps{}`, `failures[]`, `completed_steps`,
 * `pending_steps`); the rest are our additions. Always written atomically, so it always parses.
 */
import { z } from 'zod'
import { budgetCapSchema, checkStatusSchema, errorInfoSchema, runStatusSchema, stepStatusSchema, usageSchema } from './run-event'

function buildManifestSchema() {
  /**
   * Tokens and cost. `usage` counts tokens of live model calls only; answers replayed from the
   * cache count as `saved_tokens` / `saved_usd` instead. `cost_usd` (USD, from the price table) is
   * null when any live call of the step or run used a model without a known price — never a partial
   * sum; local models cost 0. Manifests written before these fields read them as unknown/0.
   */
  const costSchema = z.number().nullable().default(null)
  const savedTokensSchema = z.number().int().nonnegative().default(0)
  const savedUsdSchema = z.number().nullable().default(0)

  /** An earlier content of a path the run wrote more than once, kept as versions/<sha256>. */
  const fileVersionSchema = z.object({
    sha256: z.string(),
    size_bytes: z.number().int().nonnegative(),
    step: z.string(),
    seq: z.number().int().nullable(),
    model_call_id: z.string().nullable(),
    created_at: z.string(),
  })

  /**
   * One output file. Provenance (null in runs recorded before it): the `file.written` event's
   * `seq`, the `turn` and `round` of the step, the model call whose answer wrote it and that
   * answer's cache key. `versions` lists earlier contents of the path, oldest first.
   */
  const manifestFileSchema = z.object({
    path: z.string(),
    sha256: z.string(),
    size_bytes: z.number().int().nonnegative(),
    media_type: z.string(),
    created_at: z.string(),
    step: z.string(),
    seq: z.number().int().nullable().default(null),
    turn: z.number().int().nullable().default(null),
    round: z.number().int().nullable().default(null),
    model_call_id: z.string().nullable().default(null),
    cache_key: z.string().nullable().default(null),
    versions: z.array(fileVersionSchema).default([]),
    /** Auto-run flags of the final version (shared/auto-run-flags); [] for ordinary files. */
    flags: z.array(z.string()).default([]),
  })

  /** One round of an `on_check_fail` loop on a step: what it cost, which file versions it wrote, the check's outcome. */
  const manifestRoundSchema = z.object({
    round: z.number().int().positive(),
    usage: usageSchema,
    cost_usd: costSchema,
    files: z.array(z.object({ path: z.string(), sha256: z.string() })),
    check: checkStatusSchema.nullable(),
  })

  const manifestStepSchema = z.object({
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
    /** SHA-256 of the step's rendered first request (its cache key); null until it made one. */
    input_sha256: z.string().nullable().default(null),
    artifacts: z.array(z.string()),
    error: errorInfoSchema.nullable(),
    /** The step's check command and its outcome; null when the step has none (or it has not run). */
    check: z
      .object({ command: z.string(), status: checkStatusSchema, exit_code: z.number().int().nullable(), artifact: z.string().nullable() })
      .nullable()
      .default(null),
    /** Rounds of a QA fix loop this step took part in (empty when there was none). */
    rounds: z.array(manifestRoundSchema).default([]),
    /** Job id this step was reused from unchanged (rerun), else null. */
    reused_from: z.string().nullable().default(null),
    /** Approval gate (`approve: true`): null when the step has none or it was not reached. */
    approval: z.enum(['awaiting', 'approved', 'rejected']).nullable().default(null),
  })

  /** One `resume` (or approve/reject) of this job in place. */
  const manifestResumeSchema = z.object({
    at: z.string(),
    from_status: runStatusSchema,
    reused_steps: z.array(z.string()),
    saved_tokens: z.number().int().nonnegative(),
    saved_usd: z.number().nullable(),
  })

  return z.object({
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
    /** The spending cap the run had (spec `budget:` or run flags); null = none. */
    budget: budgetCapSchema.nullable().default(null),
    files: z.array(manifestFileSchema),
    steps: z.record(z.string(), manifestStepSchema),
    /** What the user was told about this run (e.g. that the offline demo provider answered). */
    notices: z.array(z.string()).default([]),
    failures: z.array(z.object({ kind: z.string(), step: z.string().nullable(), message: z.string(), timestamp: z.string() })),
    completed_steps: z.array(z.string()),
    pending_steps: z.array(z.string()),
    /** Each time this job was continued in place, oldest first. */
    resumes: z.array(manifestResumeSchema).default([]),
    /** A rerun: the job it was made from, and the step it reran from (null: a fresh rerun). */
    parent_job_id: z.string().nullable().default(null),
    rerun_from: z.string().nullable().default(null),
  })
}

let manifest: ReturnType<typeof buildManifestSchema> | undefined

/** The manifest.json schema, built on first use (commands that never read a manifest do not pay for it). */
export function manifestSchema(): ReturnType<typeof buildManifestSchema> {
  manifest ??= buildManifestSchema()
  return manifest
}

export type Manifest = z.infer<ReturnType<typeof manifestSchema>>
export type ManifestFile = Manifest['files'][number]
export type ManifestStep = Manifest['steps'][string]
export type ManifestRound = ManifestStep['rounds'][number]
