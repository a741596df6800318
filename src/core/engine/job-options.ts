/**
 * What a job is given (RunJobOptions) and what it answers (StartedJob, RunJobResult): the
 * contract of startJob/runJob for the CLI, the app and the resume/rerun/replay verbs.
 */
import type { RetryPolicy } from './retry-policy'
import type { ResolvedSpec } from '../spec/types'
import type { Manifest } from '../../shared/manifest'
import type { BudgetCap, RunEvent, RunStatus } from '../../shared/run-event'
import type { ProviderOverrides } from './resolve-providers'
import type { ApprovalAsk, ContinuePlan, ReusePlan } from './job-plan'
import type { SandboxMethod } from '../sandbox/sandbox-method'
import type { RunEstimate } from '../cost/estimate'

export interface RunJobOptions extends ProviderOverrides {
  /** A spec file path, or an already parsed spec. */
  spec: string | ResolvedSpec
  runsDir: string
  noCache?: boolean
  /** Run steps' `check` commands on the generated project (they execute model-written code). */
  runChecks?: boolean
  /** Run checks even where no OS sandbox can be had (the user's --unsafe-checks). */
  unsafeChecks?: boolean
  /** The sandbox for checks; by default the best one found on this machine (core/sandbox). */
  checkSandbox?: SandboxMethod | 'none'
  /**
   * Replay: a run folder whose `.cache` answers every model call of this run. Its entries are
   * copied into the new run folder and the shared cache is not consulted.
   */
  replayFrom?: string
  signal?: AbortSignal
  env?: NodeJS.ProcessEnv
  /** Called for every event, synchronously, in order. */
  onEvent?: (event: RunEvent) => void
  /** Overrides the default retry policy (attempt count still comes from each step's retries). */
  retryPolicy?: RetryPolicy
  /** The run's cap from its flags (`--max-usd`, `--max-tokens`), over the spec's `budget:` field by field. */
  budget?: BudgetCap
  /** Called with the cost preview once providers and models are known, before the run folder exists. */
  onEstimate?: (estimate: RunEstimate) => void
  /** Called once the run folder exists, before any step starts. */
  onStart?: (info: { jobId: string; runDir: string; notices: string[] }) => void
  /** Asks a person whether an `approve: true` step may start; without it the run stops `awaiting_approval`. */
  askApproval?: ApprovalAsk
  /** Continue this job in place (see resume-job.ts); the spec must be the one it recorded. */
  continueJob?: ContinuePlan
  /** A rerun of another job (see rerun-job.ts). */
  rerunOf?: ReusePlan
}

export interface RunJobResult {
  jobId: string
  status: Exclude<RunStatus, 'running' | 'interrupted'>
  runDir: string
  manifest: Manifest
  /** Problems that did not fail the run (e.g. the history index could not be written). */
  warnings?: string[]
}

/** A job whose run folder exists and whose steps are running: `done` settles when it ends. */
export interface StartedJob {
  jobId: string
  runDir: string
  notices: string[]
  done: Promise<RunJobResult>
}
