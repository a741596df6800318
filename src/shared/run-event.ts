/**
 * The one RunEvent union. The same objects are appended to events.jsonl, indexed in SQLite,
 * pushed to the UI and folded by the renderer. Names and base fields (`ts`, `type`, `job_id`,
 * `level`, `step`) stay compatible with the original tool's event files; `seq` is ours and is
 * strictly increasing within a run.
 */
import { z } from 'zod'

export const levelSchema = z.enum(['debug', 'info', 'warn', 'error'])
/** `interrupted`: the step was running when its process died (set on recovery, never by an event). */
export const stepStatusSchema = z.enum([
  'pending',
  'running',
  'succeeded',
  'failed',
  'skipped',
  'cancelled',
  'awaiting_approval',
  'interrupted',
])
/** `awaiting_approval`: the run stopped before an `approve: true` step; `orchestrator approve` continues it. */
export const runStatusSchema = z.enum(['running', 'succeeded', 'failed', 'cancelled', 'interrupted', 'awaiting_approval'])

/** Outcome of a step's `check` command (e.g. QA's pytest run on the generated project). */
export const checkStatusSchema = z.enum(['passed', 'failed', 'skipped', 'error'])

export const errorInfoSchema = z.object({
  kind: z.string(),
  message: z.string(),
  retryable: z.boolean(),
  status: z.number().optional(),
  retryAfterMs: z.number().optional(),
  requestId: z.string().optional(),
})

export const usageSchema = z.object({
  /** All input tokens, cache reads and writes included. */
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
  /** Of prompt_tokens: read from the provider's prompt cache. */
  cached_prompt_tokens: z.number().int().nonnegative().optional(),
  /** Of prompt_tokens: written to the provider's prompt cache (Anthropic, OpenAI gpt-5.6+). */
  cache_write_tokens: z.number().int().nonnegative().optional(),
})

/** Arguments and results of tool calls are kept in events up to this many characters. */
export const TOOL_TRACE_CHARS = 4000

/** A spending cap; either limit may be absent. */
export const budgetCapSchema = z.object({
  max_usd: z.number().nonnegative().optional(),
  max_tokens: z.number().int().nonnegative().optional(),
})

const base = {
  seq: z.number().int().nonnegative(),
  ts: z.string(),
  job_id: z.string(),
  level: levelSchema,
}
const stepBase = { ...base, step: z.string() }

const graphStepSchema = z.object({
  id: z.string(),
  agent: z.string(),
  needs: z.array(z.string()),
  provider: z.string(),
  model: z.string(),
})

function buildRunEventSchema() {
  return z.discriminatedUnion('type', [
    z.object({
      ...base,
      type: z.literal('job.started'),
      project: z.string(),
      task_description: z.string(),
      provider: z.string(),
      spec_sha256: z.string(),
      steps: z.array(graphStepSchema),
      /** The run's spending cap (spec `budget:` or --max-usd / --max-tokens); absent = none. */
      budget: budgetCapSchema.optional(),
      /** A rerun: the job it was made from, and the step it reran from (absent for a fresh rerun). */
      parent_job_id: z.string().optional(),
      rerun_from: z.string().optional(),
    }),
    /** The same job continues in place (resume, approve, reject): finished steps stay as they are. */
    z.object({
      ...base,
      type: z.literal('job.resumed'),
      from_status: runStatusSchema,
      pid: z.number().int().nullable(),
      reused_steps: z.array(z.string()),
      rerun_steps: z.array(z.string()),
      /** What the reused steps cost when they ran (tokens; USD, null when a price is unknown). */
      saved_tokens: z.number().int().nonnegative(),
      saved_usd: z.number().nullable(),
      /** The cap the resumed run continues under (e.g. `resume --max-usd`), when it has one. */
      budget: budgetCapSchema.optional(),
    }),
    z.object({ ...base, type: z.literal('job.notice'), message: z.string() }),
    z.object({ ...base, type: z.literal('job.awaiting_approval'), duration_s: z.number(), steps: z.array(z.string()) }),
    z.object({ ...base, type: z.literal('job.succeeded'), duration_s: z.number() }),
    z.object({ ...base, type: z.literal('job.failed'), duration_s: z.number(), error: errorInfoSchema }),
    z.object({ ...base, type: z.literal('job.cancelled'), duration_s: z.number() }),
    /** A ready step held back because its provider already runs `limit` steps at once; emitted once, when it starts waiting. */
    z.object({
      ...stepBase,
      type: z.literal('step.waiting'),
      reason: z.literal('provider_slot'),
      provider: z.string(),
      limit: z.number().int().positive(),
      /** How to raise the limit, e.g. 'set OLLAMA_NUM_PARALLEL=4 to raise'. */
      hint: z.string().optional(),
    }),
    z.object({ ...stepBase, type: z.literal('step.started'), agent: z.string(), provider: z.string(), model: z.string() }),
    z.object({ ...stepBase, type: z.literal('step.token'), text: z.string() }),
    /** The model's reasoning as it streams (shown as thinking; never part of the answer or a file). */
    z.object({ ...stepBase, type: z.literal('step.thinking'), text: z.string() }),
    z.object({
      ...stepBase,
      type: z.literal('step.tool_call'),
      tool: z.string(),
      call_id: z.string(),
      path: z.string().optional(),
      /** The call's arguments as JSON, cut to TOOL_TRACE_CHARS (a write's content is the bulk of it). */
      arguments: z.string().optional(),
      arguments_truncated: z.boolean().optional(),
    }),
    z.object({
      ...stepBase,
      type: z.literal('step.tool_result'),
      tool: z.string(),
      call_id: z.string(),
      ok: z.boolean(),
      /** What went back to the model, cut to TOOL_TRACE_CHARS. */
      content: z.string(),
      truncated: z.boolean(),
    }),
    z.object({ ...stepBase, type: z.literal('step.tool_rejected'), tool: z.string(), path: z.string().optional(), reason: z.string() }),
    z.object({
      ...stepBase,
      type: z.literal('step.retry'),
      /** The number of the attempt about to start (the first retry is attempt 2). */
      attempt: z.number().int(),
      /** How many attempts the step may make in all. */
      max_attempts: z.number().int().optional(),
      delay_ms: z.number(),
      error: errorInfoSchema,
    }),
    z.object({ ...stepBase, type: z.literal('step.corrective_turn'), reason: z.string() }),
    /**
     * A prompt near (or past) the context window of a server that truncates silently (Ollama's num_ctx).
     * `measured`: `prompt_tokens` is the server's count, else an estimate; `truncated`: the server dropped part of it.
     */
    z.object({
      ...stepBase,
      type: z.literal('step.context_warning'),
      provider: z.string(),
      model: z.string(),
      prompt_tokens: z.number().int().nonnegative(),
      context_tokens: z.number().int().positive(),
      measured: z.boolean(),
      truncated: z.boolean(),
      /** One sentence naming the fix (e.g. OLLAMA_NUM_CTX=16384). */
      message: z.string(),
    }),
    z.object({
      ...stepBase,
      type: z.literal('step.check'),
      command: z.string(),
      status: checkStatusSchema,
      exit_code: z.number().int().nullable(),
      duration_s: z.number(),
      /** Why it was skipped or could not run. */
      reason: z.string().optional(),
      /** artifacts/<step>-check.txt: the command's output. */
      artifact: z.string().optional(),
      /** Which round of an `on_check_fail` loop this check belongs to (1 = the first run). */
      round: z.number().int().positive().optional(),
    }),
    /** A step taken over unchanged from another job (rerun): its files restored by content hash. */
    z.object({
      ...stepBase,
      type: z.literal('step.reused'),
      from_job_id: z.string(),
      saved_tokens: z.number().int().nonnegative(),
      saved_usd: z.number().nullable(),
    }),
    /** A fix round: `step` runs again because `check_step`'s check failed (round 2 = the first fix). */
    z.object({
      ...stepBase,
      type: z.literal('step.round'),
      round: z.number().int().min(2),
      max_rounds: z.number().int().min(2),
      check_step: z.string(),
      reason: z.string(),
    }),
    z.object({ ...stepBase, type: z.literal('step.awaiting_approval'), prompt: z.string() }),
    z.object({ ...stepBase, type: z.literal('step.approved'), prompt_edited: z.boolean() }),
    z.object({ ...stepBase, type: z.literal('step.rejected'), reason: z.string() }),
    z.object({
      ...stepBase,
      type: z.literal('step.succeeded'),
      duration_s: z.number(),
      attempts: z.number().int(),
      usage: usageSchema,
      cache_hit: z.boolean(),
    }),
    z.object({ ...stepBase, type: z.literal('step.failed'), duration_s: z.number(), attempts: z.number().int(), error: errorInfoSchema }),
    z.object({ ...stepBase, type: z.literal('step.skipped'), reason: z.string() }),
    z.object({ ...stepBase, type: z.literal('step.cancelled'), duration_s: z.number() }),
    z.object({ ...stepBase, type: z.literal('cache.hit'), key: z.string() }),
    z.object({ ...stepBase, type: z.literal('cache.miss'), key: z.string() }),
    z.object({
      ...stepBase,
      type: z.literal('llm.request'),
      provider: z.string(),
      model: z.string(),
      turn: z.number().int(),
      /** Id of this model call, also on its provider.call, llm.response, file.written and log section. */
      model_call_id: z.string().optional(),
      /** SHA-256 of the canonical request (= its cache key); turn 1's is the step's input hash. */
      request_sha256: z.string().optional(),
    }),
    z.object({
      ...stepBase,
      type: z.literal('llm.response'),
      turn: z.number().int(),
      stop_reason: z.string(),
      usage: usageSchema,
      duration_ms: z.number(),
      cached: z.boolean(),
      model_call_id: z.string().optional(),
      /** USD this answer cost: 0 for local models and cache hits, null when the price is unknown. */
      cost_usd: z.number().nullable().default(null),
      /** Only on cache hits: what the live call would have cost (null when the price is unknown). */
      saved_usd: z.number().nullable().optional(),
    }),
    z.object({
      ...stepBase,
      type: z.literal('provider.call'),
      provider: z.string(),
      model: z.string(),
      attempt: z.number().int(),
      model_call_id: z.string().optional(),
    }),
    z.object({
      ...stepBase,
      type: z.literal('file.written'),
      path: z.string(),
      sha256: z.string(),
      size_bytes: z.number().int(),
      media_type: z.string(),
      /** Provenance: the turn and model call whose answer wrote it, and that answer's cache key. */
      turn: z.number().int().optional(),
      round: z.number().int().optional(),
      model_call_id: z.string().optional(),
      cache_key: z.string().optional(),
      /** The version this write replaced, kept as versions/<sha256> in the run folder. */
      previous_sha256: z.string().optional(),
      /** Auto-run flags (shared/auto-run-flags): the file runs commands on its own when opened or installed. */
      flags: z.array(z.string()).optional(),
    }),
    /** A written file that runs commands on its own (a package.json install script, .envrc, a git hook…). */
    z.object({ ...stepBase, type: z.literal('file.flagged'), path: z.string(), flag: z.string(), reason: z.string() }),
    z.object({ ...stepBase, type: z.literal('artifact.created'), path: z.string(), sha256: z.string(), size_bytes: z.number().int() }),
  ])
}

let runEvents: ReturnType<typeof buildRunEventSchema> | undefined

/**
 * The RunEvent union, built on first use: its sixty-odd object schemas are most of what loading
 * this module costs, and commands such as `list` or `--help` never parse an event.
 */
export function runEventSchema(): ReturnType<typeof buildRunEventSchema> {
  runEvents ??= buildRunEventSchema()
  return runEvents
}

export type RunEvent = z.infer<ReturnType<typeof runEventSchema>>
export type RunEventType = RunEvent['type']
export type RunStatus = z.infer<typeof runStatusSchema>
export type StepStatus = z.infer<typeof stepStatusSchema>
export type Usage = z.infer<typeof usageSchema>
export type GraphStep = z.infer<typeof graphStepSchema>
export type BudgetCap = z.infer<typeof budgetCapSchema>

/** An event before the event log stamps it with `seq`, `ts` and `job_id`. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
export type RunEventInput = DistributiveOmit<RunEvent, 'seq' | 'ts' | 'job_id' | 'level'> & {
  level?: RunEvent['level']
}
