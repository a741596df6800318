/**
 * What the rest of the core receives from the spec loader: a validated, resolved spec whose
 * steps are in topological order, every dependency exists, there is no cycle, and every
 * template reference points at an upstream step.
 */
import type { ServerProvider } from '../../shared/provider-names'
import type { ModelOptions } from '../providers/types'
import type { ToolName } from '../tools/types'

export interface ResolvedStep {
  id: string
  /** Agent key in the spec (e.g. 'architect'). */
  agent: string
  /** Human role name (e.g. 'Architect'). */
  role: string
  system: string
  /** Prompt template; see renderPrompt for the placeholders. */
  prompt: string
  needs: string[]
  tools: ToolName[]
  /** True when the step must write at least one file (corrective turn, then `no_files_written`). */
  mustWriteFiles: boolean
  /** As written in the spec (step, else agent, else spec default); undefined = not chosen. */
  provider?: string
  model?: string
  options: ModelOptions
  timeout_s: number
  retries: number
  max_turns: number
  /** Command (argv, no shell) run after the step in a copy of outputs/ when checks are enabled. */
  check?: string[]
}

export interface SpecSource {
  /** Absolute path of the spec file, or a display name for text given directly. */
  path: string
  text: string
  sha256: string
}

export interface OllamaServerSettings {
  num_parallel?: number
  max_loaded_models?: number
  flash_attention?: boolean
  kv_cache_type?: 'f16' | 'q8_0' | 'q4_0'
  keep_alive?: string
}

export interface ResolvedSpec {
  project: string
  task_description: string
  /** Spec-level default provider; undefined when the spec does not name one ('auto' applies). */
  provider?: string
  model?: string
  options: ModelOptions
  /** Upper bound on steps running at once (seed key `concurrency`, default 4). */
  concurrency: number
  /** Limit for the whole run in seconds (seed key `timeout_s`), undefined = none. */
  run_timeout_s?: number
  /** Server addresses per provider from the spec (`base_urls:`); they win over the env variables. */
  base_urls: Partial<Record<ServerProvider, string>>
  /** Settings for a local `ollama serve` we start (`ollama_server:`); OLLAMA_* variables win. */
  ollama_server: OllamaServerSettings
  /** True when the spec gave no steps and the built-in software-team graph was used. */
  builtin_graph: boolean
  steps: ResolvedStep[]
  source: SpecSource
}

/** One problem found in a spec, located as precisely as the input allows. */
export interface SpecIssue {
  /** zod-style path rendered like `steps[2].needs[0]`; '' for whole-file problems. */
  path: string
  message: string
  line?: number
  column?: number
}
