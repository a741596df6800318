/**
 * Validates parsed spec data and resolves it into a ResolvedSpec: applies the built-in graph when
 * the spec has neither `steps` nor `agents`, merges options (env < spec < agent < step), chooses
 * provider and model (step > agent > spec), fills step limits (step > spec defaults > env > built-in
 * defaults) and orders steps topologically. Every problem found (schema, cross-field, graph,
 * templates, environment) is collected and thrown as one SpecError('spec_invalid').
 */
import type { ModelOptions } from '../providers/types'
import type { ToolName } from '../tools/types'
import { BUILTIN_AGENTS, BUILTIN_STEPS } from './builtin-graph'
import { readEnvDefaults } from './env-defaults'
import { topologicalOrder } from './graph'
import { checkGraph, type LooseStep } from './graph-checks'
import { checkLoops } from './loop-checks'
import { SpecError } from './spec-error'
import { PROVIDER_CHOICES, providerChoicesText } from '../../shared/provider-names'
import { PROVIDER_PATTERN, specSchema, TOOL_NAMES, type AgentInput, type SpecInput, type StepInput } from './spec-schema'
import { suggestion } from './suggest'
import type { ResolvedSpec, ResolvedStep, SpecIssue, SpecSource } from './types'
import { issueAt, type Locator } from './yaml-locate'
import { zodIssuesToSpecIssues } from './zod-issues'
import { isRecord } from './is-record'

const DEFAULT_STEP_TIMEOUT_S = 120
const DEFAULT_CHECK_SETUP_TIMEOUT_S = 600

type CheckInput = NonNullable<StepInput['check']>

function argv(command: string | string[]): string[] {
  return typeof command === 'string' ? command.trim().split(/\s+/) : command
}

function resolveCheck(check: CheckInput): Pick<ResolvedStep, 'check' | 'check_setup'> {
  if (typeof check === 'string' || Array.isArray(check)) return { check: argv(check) }
  return {
    check: argv(check.run),
    check_setup: {
      commands: (check.setup ?? []).map(argv),
      python_venv: check.python_venv === true,
      timeout_s: check.setup_timeout_s ?? DEFAULT_CHECK_SETUP_TIMEOUT_S,
    },
  }
}
const DEFAULT_RETRIES = 3
const DEFAULT_MAX_TURNS = 8
const DEFAULT_CONCURRENCY = 4

function looseSteps(raw: unknown): LooseStep[] {
  if (!Array.isArray(raw)) return []
  return raw.map((entry: unknown, index) => {
    const step: LooseStep = { index, needs: [] }
    if (!isRecord(entry)) return step
    if (typeof entry.id === 'string') step.id = entry.id
    if (typeof entry.prompt === 'string') step.prompt = entry.prompt
    if (Array.isArray(entry.needs)) {
      entry.needs.forEach((need: unknown, i) => {
        if (typeof need === 'string') step.needs.push({ index: i, id: need })
      })
    }
    return step
  })
}

function crossFieldIssues(data: Record<string, unknown>, locate: Locator): SpecIssue[] {
  const issues: SpecIssue[] = []
  const hasTask = data.task !== undefined
  const hasTaskDescription = data.task_description !== undefined
  if (hasTask && hasTaskDescription) {
    issues.push(issueAt(locate, ['task'], 'give either task or task_description, not both', true))
  } else if (!hasTask && !hasTaskDescription) {
    issues.push(issueAt(locate, [], "missing required key 'task' (or 'task_description', as in the original tool)"))
  }
  const hasSteps = data.steps !== undefined
  const hasAgents = data.agents !== undefined
  if (hasAgents && !hasSteps) {
    issues.push(
      issueAt(
        locate,
        ['agents'],
        'agents are given without steps; add steps that use them, or remove agents to run the built-in graph',
        true,
      ),
    )
  }
  if (hasSteps && !hasAgents) {
    issues.push(issueAt(locate, ['steps'], 'steps are given without agents; add an agents: mapping with the agent each step names', true))
  }
  if (hasSteps && isRecord(data.agents) && Array.isArray(data.steps)) {
    const agentKeys = Object.keys(data.agents)
    data.steps.forEach((entry: unknown, index) => {
      if (!isRecord(entry) || typeof entry.agent !== 'string') return
      if (!agentKeys.includes(entry.agent)) {
        issues.push(
          issueAt(
            locate,
            ['steps', index, 'agent'],
            `unknown agent '${entry.agent}'${suggestion(entry.agent, agentKeys, 'agents defined')}`,
          ),
        )
      }
    })
  }
  return issues
}

function sortIssues(issues: SpecIssue[]): SpecIssue[] {
  return issues
    .map((issue, order) => ({ issue, order }))
    .sort((a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || (a.issue.column ?? 0) - (b.issue.column ?? 0) || a.order - b.order)
    .map((x) => x.issue)
}

function capitalise(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1)
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)]
}

interface ResolveInput {
  data: Record<string, unknown>
  locate: Locator
  env: NodeJS.ProcessEnv
  source: SpecSource
  /** File name used in error messages. */
  file: string
  /** Provider names known besides the registry's (injected instances). */
  extraProviders?: readonly string[]
}

/** Every `provider:` (spec, agents, steps) must name a known provider; each unknown one is reported where it is written. */
function providerIssues(data: Record<string, unknown>, locate: Locator, extra: readonly string[]): SpecIssue[] {
  const known = [...PROVIDER_CHOICES, ...extra]
  const issues: SpecIssue[] = []
  const check = (value: unknown, path: (string | number)[]): void => {
    if (typeof value !== 'string' || !PROVIDER_PATTERN.test(value) || known.includes(value)) return
    issues.push(
      issueAt(
        locate,
        path,
        `unknown provider '${value}'${suggestion(value, [...PROVIDER_CHOICES], 'known providers')}; use ${providerChoicesText()}`,
      ),
    )
  }
  check(data.provider, ['provider'])
  if (isRecord(data.agents))
    for (const [key, agent] of Object.entries(data.agents)) if (isRecord(agent)) check(agent.provider, ['agents', key, 'provider'])
  if (Array.isArray(data.steps)) data.steps.forEach((step: unknown, i) => isRecord(step) && check(step.provider, ['steps', i, 'provider']))
  return issues
}

/** The original tool's `output_dir` is accepted for compatibility and reported, never honoured. */
const OUTPUT_DIR_IGNORED =
  "output_dir is ignored: a run's files always go to runs/<job_id>/outputs/ (the run folder is the record); copy them from there"

export function resolveSpec({ data, locate, env, source, file, extraProviders = [] }: ResolveInput): ResolvedSpec {
  const issues: SpecIssue[] = []
  const parsed = specSchema.safeParse(data, { reportInput: true })
  if (!parsed.success) issues.push(...zodIssuesToSpecIssues(parsed.error.issues, data, locate))
  issues.push(...crossFieldIssues(data, locate))
  issues.push(...providerIssues(data, locate, extraProviders))
  const builtin = data.steps === undefined && data.agents === undefined
  issues.push(...checkGraph(builtin ? looseSteps(BUILTIN_STEPS) : looseSteps(data.steps), locate))
  if (!builtin) issues.push(...checkLoops(data.steps, locate))
  const envDefaults = readEnvDefaults(env, issues)
  if (issues.length > 0 || !parsed.success) throw new SpecError('spec_invalid', file, sortIssues(issues))

  const spec: SpecInput = parsed.data
  const agents: Record<string, AgentInput> = builtin ? BUILTIN_AGENTS : (spec.agents ?? {})
  const stepInputs: StepInput[] = builtin ? BUILTIN_STEPS : (spec.steps ?? [])
  const specOptions: ModelOptions = { ...envDefaults.options, ...spec.options }
  const defaults = spec.defaults ?? {}

  const resolved = stepInputs.map((step): ResolvedStep => {
    const agent = agents[step.agent] as AgentInput
    const out: ResolvedStep = {
      id: step.id,
      agent: step.agent,
      role: agent.role ?? capitalise(step.agent),
      system: agent.system,
      prompt: step.prompt,
      needs: unique(step.needs ?? []),
      tools: unique<ToolName>(agent.tools ?? [...TOOL_NAMES]),
      mustWriteFiles: agent.must_write_files ?? false,
      options: { ...specOptions, ...agent.options, ...step.options },
      timeout_s: step.timeout_s ?? defaults.timeout_s ?? envDefaults.timeout_s ?? DEFAULT_STEP_TIMEOUT_S,
      retries: step.retries ?? defaults.retries ?? envDefaults.retries ?? DEFAULT_RETRIES,
      max_turns: step.max_turns ?? defaults.max_turns ?? DEFAULT_MAX_TURNS,
    }
    const provider = step.provider ?? agent.provider ?? spec.provider
    const model = step.model ?? agent.model ?? spec.model
    if (provider !== undefined) out.provider = provider
    if (model !== undefined) out.model = model
    if (step.check !== undefined) Object.assign(out, resolveCheck(step.check))
    if (step.on_check_fail !== undefined) out.on_check_fail = { ...step.on_check_fail }
    if (step.approve === true) out.approve = true
    if (spec.auto_run_files === 'refuse') out.refuse_auto_run = true
    if (step.timeouts !== undefined) out.timeouts = { ...step.timeouts }
    if (step.budget !== undefined) out.budget = { ...step.budget }
    return out
  })
  const byId = new Map(resolved.map((s) => [s.id, s]))
  const steps = topologicalOrder(resolved).map((id) => byId.get(id) as ResolvedStep)

  const result: ResolvedSpec = {
    project: spec.project,
    task_description: (spec.task ?? spec.task_description ?? '').trim(),
    options: specOptions,
    concurrency: spec.concurrency ?? DEFAULT_CONCURRENCY,
    base_urls: { ...spec.base_urls },
    ollama_server: { ...spec.ollama_server },
    provider_timeouts: { ...spec.provider_timeouts },
    builtin_graph: builtin,
    steps,
    source: spec.output_dir === undefined ? source : { ...source, ignored: [OUTPUT_DIR_IGNORED] },
  }
  if (spec.provider !== undefined) result.provider = spec.provider
  if (spec.model !== undefined) result.model = spec.model
  if (spec.timeout_s !== undefined) result.run_timeout_s = spec.timeout_s
  if (spec.openai_api !== undefined) result.openai_api = spec.openai_api
  if (spec.budget !== undefined) result.budget = { ...spec.budget }
  return result
}
