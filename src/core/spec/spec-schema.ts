/**
 * The zod schema of a spec file as written (before defaults and resolution). Every object is
 * strict, so a misspelled key is an error that names it. Accepts both the original tool's tiny
 * spec (`project`, `task_description`, `provider`, `concurrency`, `timeout_s`, `output_dir`) and
 * our extended form (`task`, `model`, `options`, `defaults`, `agents`, `steps`).
 */
import { z } from 'zod'
import { modelOptionsSchema } from '../providers/model-options'
import { providerChoicesText } from '../../shared/provider-names'
import type { ToolName } from '../tools/types'

const NAME_PATTERN = /^[a-z][a-z0-9_-]{0,63}$/
export const TOOL_NAMES = ['write_file', 'read_file', 'list_files'] as const satisfies readonly ToolName[]

const MAX_STEPS = 200
const MAX_TEXT = 200_000

const singleLine = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${what} must not be empty`)
    .max(max, `${what} must be at most ${max} characters`)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), `${what} must be a single line of text`)

const longText = (what: string) =>
  z
    .string()
    .max(MAX_TEXT, `${what} must be at most ${MAX_TEXT} characters`)
    .refine((s) => s.trim().length > 0, `${what} must not be empty`)

const name = (what: string) =>
  z
    .string()
    .regex(NAME_PATTERN, `${what} must match ${NAME_PATTERN.source} (lowercase letter first, then lowercase letters, digits, '_' or '-')`)

const int = (min: number, max: number) => z.number().int().min(min).max(max)

export const PROVIDER_PATTERN = /^[a-z0-9_-]{1,64}$/

/** The shape of a provider name; whether it is a known one is checked against the registry's list (resolve-spec). */
const providerName = z.string().regex(PROVIDER_PATTERN, `provider must be a lowercase name such as ${providerChoicesText()}`)

/** Stream timeouts in milliseconds, as a spec writes them (`provider_timeouts:` per provider, a step's `timeouts:`). */
export const timeoutsSchema = z.strictObject({
  connect_ms: int(1, 3_600_000).optional(),
  first_token_ms: int(1, 86_400_000).optional(),
  idle_ms: int(1, 86_400_000).optional(),
})

export const optionsSchema = modelOptionsSchema

const STEP_TIMEOUT_LIMIT_S = 86_400
const stepLimits = {
  timeout_s: int(1, STEP_TIMEOUT_LIMIT_S).optional(),
  retries: int(0, 20).optional(),
  max_turns: int(1, 200).optional(),
}

export const defaultsSchema = z.strictObject(stepLimits)

/** A spending cap for the run or one step: dollars (needs priced models) and/or tokens. */
const budgetSchema = z
  .strictObject({
    max_usd: z.number().positive('max_usd must be more than 0').max(1_000_000).optional(),
    max_tokens: int(1, 1_000_000_000).optional(),
  })
  .refine((b) => b.max_usd !== undefined || b.max_tokens !== undefined, 'budget needs max_usd or max_tokens')

export const agentSchema = z.strictObject({
  role: singleLine('role', 100).optional(),
  system: longText('system'),
  tools: z.array(z.enum(TOOL_NAMES)).optional(),
  must_write_files: z.boolean().optional(),
  provider: providerName.optional(),
  model: singleLine('model', 200).optional(),
  options: optionsSchema.optional(),
})

/** One command without a shell: a string is split on spaces, or give the argv list. */
const commandSchema = z.union([singleLine('check', 1000), z.array(z.string().min(1).max(500)).min(1).max(50)])

/**
 * The generic check: `setup` commands run first in the same project copy, then `run`.
 * `python_venv: true` runs them in a virtual environment made for the project (requirements.txt
 * plus pytest), cached under the runs folder; `setup_timeout_s` bounds making it.
 */
const checkObjectSchema = z.strictObject({
  setup: z.array(commandSchema).max(20).optional(),
  run: commandSchema,
  python_venv: z.boolean().optional(),
  setup_timeout_s: int(1, 3600).optional(),
})

export const stepSchema = z.strictObject({
  id: name('step id'),
  agent: name('agent'),
  prompt: longText('prompt'),
  needs: z.array(z.string()).optional(),
  provider: providerName.optional(),
  model: singleLine('model', 200).optional(),
  options: optionsSchema.optional(),
  /**
   * A command run after the step in a copy of outputs/ (e.g. `python3 -m pytest -q`), only when
   * checks are enabled (--run-checks). No shell: a string is split on spaces, or give a list.
   */
  check: z.union([commandSchema, checkObjectSchema]).optional(),
  /** When the check fails (with --run-checks): send its output to an upstream step to fix, then check again. */
  on_check_fail: z.strictObject({ rerun: name('on_check_fail.rerun'), max_rounds: int(1, 10) }).optional(),
  /** Pause before this step starts until someone approves it (a terminal asks; else `orchestrator approve`). */
  approve: z.boolean().optional(),
  budget: budgetSchema.optional(),
  /** This step's stream timeouts, over the provider's (e.g. a long first token for a big prompt). */
  timeouts: timeoutsSchema.optional(),
  ...stepLimits,
})

const baseUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. http://127.0.0.1:11434' }).max(500)

/** Where each provider's server is, when not at its default (overrides OLLAMA_HOST etc.). */
const baseUrlsSchema = z.strictObject({
  ollama: baseUrl.optional(),
  openai: baseUrl.optional(),
  anthropic: baseUrl.optional(),
  mlx: baseUrl.optional(),
})

export const providerTimeoutsSchema = z.strictObject({
  ollama: timeoutsSchema.optional(),
  openai: timeoutsSchema.optional(),
  anthropic: timeoutsSchema.optional(),
  mlx: timeoutsSchema.optional(),
})

/** Settings for an `ollama serve` this tool starts; the machine's OLLAMA_* variables still win. */
export const ollamaServerSchema = z.strictObject({
  num_parallel: int(1, 64).optional(),
  max_loaded_models: int(1, 64).optional(),
  flash_attention: z.boolean().optional(),
  kv_cache_type: z.enum(['f16', 'q8_0', 'q4_0']).optional(),
  keep_alive: z
    .string()
    .regex(/^(-1|\d+(ms|s|m|h)?)$/, 'keep_alive is a duration such as 30m, 2h or -1')
    .optional(),
})

export const specSchema = z.strictObject({
  project: singleLine('project', 200),
  task_description: longText('task_description').optional(),
  task: longText('task').optional(),
  provider: providerName.optional(),
  model: singleLine('model', 200).optional(),
  options: optionsSchema.optional(),
  concurrency: int(1, 256).optional(),
  timeout_s: int(1, 30 * 86_400).optional(),
  output_dir: z.string().optional(),
  base_urls: baseUrlsSchema.optional(),
  ollama_server: ollamaServerSchema.optional(),
  /** Stream timeouts per provider; they win over <PROVIDER>_CONNECT_TIMEOUT_MS etc. in the environment. */
  provider_timeouts: providerTimeoutsSchema.optional(),
  /** How the openai provider talks to its server: 'responses' (OpenAI) or 'chat' (OpenAI-compatible); default by base URL. */
  openai_api: z.enum(['responses', 'chat']).optional(),
  /** Files that run themselves (package.json install scripts, .envrc, git hooks, agent configs): `flag` (default) or `refuse`. */
  auto_run_files: z.enum(['flag', 'refuse']).optional(),
  defaults: defaultsSchema.optional(),
  budget: budgetSchema.optional(),
  agents: z.record(name('agent key'), agentSchema).optional(),
  steps: z.array(stepSchema).min(1, 'steps must list at least one step').max(MAX_STEPS, `at most ${MAX_STEPS} steps`).optional(),
})

export type SpecInput = z.infer<typeof specSchema>
export type AgentInput = z.infer<typeof agentSchema>
export type StepInput = z.infer<typeof stepSchema>
