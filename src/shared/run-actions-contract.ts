/**
 * Invoke channels for acting on a run that exists: resume it in place, rerun it (from a step, with
 * that step's prompt, provider or model edited; or fresh, bypassing the cache), replay it from its
 * folder, approve or reject a gated step, compare two runs, and read back the spec it ran. Each
 * action that starts work answers once the run has started (its events follow on `run.event`).
 */
import { z } from 'zod'
import { jobIdSchema as jobId } from './ipc-fields'
import { runStatusSchema, stepStatusSchema } from './run-event'

const stepId = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'not a step id')

/** What every starting action answers: the job that runs (the same id for resume and approve/reject). */
export const startedRunSchema = z.object({ jobId: z.string(), runDir: z.string(), notices: z.array(z.string()) })

const stepSideSchema = z.object({
  status: stepStatusSchema,
  provider: z.string(),
  model: z.string(),
  tokens: z.number(),
  cost_usd: z.number().nullable(),
  duration_s: z.number().nullable(),
  provider_calls: z.number(),
  cache_hit: z.boolean(),
  input_sha256: z.string().nullable(),
})

const fileSideSchema = z.object({ sha256: z.string(), size_bytes: z.number(), step: z.string() })

const hunkSchema = z.object({
  oldStart: z.number(),
  oldLines: z.number(),
  newStart: z.number(),
  newLines: z.number(),
  lines: z.array(z.string()),
})

const runRefSchema = z.object({
  job_id: z.string(),
  run_dir: z.string(),
  status: runStatusSchema,
  project: z.string(),
  spec_sha256: z.string(),
  started_at: z.string(),
})

const runCompareSchema = z.object({
  a: runRefSchema,
  b: runRefSchema,
  same_spec: z.boolean(),
  spec: z.array(
    z.object({ key: z.string(), change: z.enum(['added', 'removed', 'changed']), a: z.unknown().optional(), b: z.unknown().optional() }),
  ),
  steps: z.array(
    z.object({ id: z.string(), a: stepSideSchema.nullable(), b: stepSideSchema.nullable(), same_input: z.boolean().nullable() }),
  ),
  first_divergent_step: z.string().nullable(),
  files: z.array(
    z.object({
      path: z.string(),
      change: z.enum(['added', 'removed', 'changed', 'unchanged']),
      a: fileSideSchema.nullable(),
      b: fileSideSchema.nullable(),
      content: z
        .discriminatedUnion('kind', [
          z.object({ kind: z.literal('text'), added: z.number(), removed: z.number(), hunks: z.array(hunkSchema) }),
          z.object({ kind: z.literal('binary') }),
          z.object({ kind: z.literal('too_large'), reason: z.string() }),
          z.object({ kind: z.literal('unreadable'), reason: z.string() }),
        ])
        .optional(),
    }),
  ),
  totals: z.object({ added: z.number(), removed: z.number(), changed: z.number(), unchanged: z.number() }),
})

export const runActionsContract = {
  'runs.resume': {
    req: z.object({ jobId }).strict(),
    res: startedRunSchema,
  },
  /** A new job from a past one: from `from` (its prompt/provider/model edited), or all of it; `noCache` = a fresh run. */
  'runs.rerun': {
    req: z
      .object({
        jobId,
        from: stepId.optional(),
        prompt: z.string().min(1).max(200_000).optional(),
        provider: z.string().max(50).optional(),
        model: z.string().max(200).optional(),
        noCache: z.boolean().optional(),
      })
      .strict(),
    res: startedRunSchema,
  },
  'runs.replay': {
    req: z.object({ jobId }).strict(),
    res: startedRunSchema,
  },
  'runs.approve': {
    req: z.object({ jobId, step: stepId, prompt: z.string().min(1).max(200_000).optional() }).strict(),
    res: startedRunSchema,
  },
  'runs.reject': {
    req: z.object({ jobId, step: stepId, reason: z.string().max(2000).optional() }).strict(),
    res: startedRunSchema,
  },
  'runs.compare': {
    req: z.object({ a: jobId, b: jobId }).strict(),
    res: runCompareSchema,
  },
  /** The spec a run ran (inputs/spec.yaml), to open it in the Graph view. */
  'runs.spec': {
    req: z.object({ jobId }).strict(),
    res: z.object({ fileName: z.string(), text: z.string() }),
  },
} as const
