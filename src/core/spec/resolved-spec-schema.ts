/**
 * Schema of `inputs/spec.resolved.json`, the resolved spec a run folder keeps (everything but the
 * source text, which is `inputs/spec.yaml`). Replay rebuilds the exact spec of a past run from
 * these two files, independent of today's environment variables.
 */
import { z } from 'zod'
import { budgetCapSchema } from '../../shared/run-event'
import { SERVER_PROVIDERS } from '../../shared/provider-names'
import { ollamaServerSchema, optionsSchema, providerTimeoutsSchema, timeoutsSchema, TOOL_NAMES } from './spec-schema'
import type { ResolvedSpec } from './types'

export const resolvedStepSchema = z.object({
  id: z.string(),
  agent: z.string(),
  role: z.string(),
  system: z.string(),
  prompt: z.string(),
  needs: z.array(z.string()),
  tools: z.array(z.enum(TOOL_NAMES)),
  /** True when the step must write at least one file (corrective turn, then `no_files_written`). */
  mustWriteFiles: z.boolean(),
  /** As written in the spec (step, else agent, else spec default); undefined = not chosen. */
  provider: z.string().optional(),
  model: z.string().optional(),
  options: optionsSchema,
  timeout_s: z.number().positive(),
  retries: z.number().int().nonnegative(),
  max_turns: z.number().int().positive(),
  /** Command (argv, no shell) run after the step in a copy of outputs/ when checks are enabled. */
  check: z.array(z.string()).optional(),
  /** This step's own spending cap (spec `steps[].budget`). */
  budget: budgetCapSchema.optional(),
  /** The step's own stream timeouts (spec `timeouts:`), over the provider's. */
  timeouts: timeoutsSchema.optional(),
  /** Before the check: commands in the same project copy, and whether it runs in a cached Python venv. */
  check_setup: z.object({ commands: z.array(z.array(z.string())), python_venv: z.boolean(), timeout_s: z.number().positive() }).optional(),
  /** A failing check goes back to `rerun` (an upstream step) for up to `max_rounds` fix rounds. */
  on_check_fail: z.object({ rerun: z.string(), max_rounds: z.number().int().positive() }).optional(),
  /** The run pauses before this step until it is approved. */
  approve: z.boolean().optional(),
  /** Reject writes of files that run themselves (spec `auto_run_files: refuse`); else they are flagged. */
  refuse_auto_run: z.boolean().optional(),
})

export const resolvedSpecSnapshotSchema = z.object({
  project: z.string(),
  task_description: z.string(),
  provider: z.string().optional(),
  model: z.string().optional(),
  options: optionsSchema,
  /** Upper bound on steps running at once (seed key `concurrency`, default 4). */
  concurrency: z.number().int().positive(),
  /** Limit for the whole run in seconds (seed key `timeout_s`), undefined = none. */
  run_timeout_s: z.number().positive().optional(),
  /** Server addresses per provider from the spec (`base_urls:`); they win over the env variables. */
  base_urls: z.partialRecord(z.enum(SERVER_PROVIDERS), z.string()).default({}),
  ollama_server: ollamaServerSchema.default({}),
  /** Stream timeouts per provider from the spec (`provider_timeouts:`); they win over the env variables. */
  provider_timeouts: providerTimeoutsSchema.default({}),
  /** `openai_api:` from the spec (wins over OPENAI_API); undefined = chosen from the base URL. */
  openai_api: z.enum(['responses', 'chat']).optional(),
  /** True when the spec gave no steps and the built-in software-team graph was used. */
  builtin_graph: z.boolean(),
  /** The run's spending cap (spec `budget:`; `run --max-usd/--max-tokens` override it). */
  budget: budgetCapSchema.optional(),
  steps: z.array(resolvedStepSchema).min(1),
  source: z.object({ path: z.string(), sha256: z.string() }),
})

/** The snapshot written next to the source text: the resolved spec without the text itself. */
export function specSnapshot(spec: ResolvedSpec): string {
  const { source, ...resolved } = spec
  return `${JSON.stringify({ ...resolved, source: { path: source.path, sha256: source.sha256 } }, null, 2)}\n`
}
