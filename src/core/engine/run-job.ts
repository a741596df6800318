/**
 * Runs a spec end to end into runs/<job_id>/. Everything that can be checked before a model
 * call (spec, providers, models) is checked before the run folder is created, so bad input
 * creates nothing. Steps start as soon as their dependencies finish, bounded per provider; the
 * run folder (events.jsonl, manifest.json) is the source of truth and SQLite follows it.
 * Keys in `env` (and key-shaped strings) are redacted from everything written to the run folder;
 * costs come from the price table (shipped, merged with the user's override).
 * The same loop continues a job in place (`continueJob`: resume/approve/reject, finished steps
 * kept as they are) or makes a rerun (`rerunOf`: steps outside the rerun taken over from the
 * parent). A step with `approve: true` waits for `askApproval`, else the run stops
 * `awaiting_approval`; a failing check with `on_check_fail` goes back to its upstream step.
 */
import { readFileSync } from 'node:fs'
import { linkTree } from '../fs/link-tree'
import { join } from 'node:path'
import { loadPriceTable, type PriceTable } from '../cost/price-table'
import { abortedError, type ErrorInfo, OrchestratorError, toErrorInfo } from '../errors'
import { atomicWriteFileSync } from '../fs/atomic-write'
import { DeferredSync } from '../fs/deferred-sync'
import type { HistoryDb } from '../history/history-db'
import { openRunsDir } from '../history/open-runs-dir'
import { newJobId } from '../run/job-id'
import { LlmCache } from '../run/llm-cache'
import { createRunFolder, type RunPaths } from '../run/run-paths'
import { assertOutputsDir, assertRunFolderSafe, pinOutputsDir, type PinnedOutputs } from '../run/run-folder-guard'
import { Redactor } from '../redact/redactor'
import { RunRecorder } from '../run/run-recorder'
import { runDag, type NodeOutcome } from '../scheduler/dag-executor'
import type { RetryPolicy } from './retry-policy'
import { loadSpecFile } from '../spec/load-spec'
import { CircuitBreakers, circuitSettingsFromEnv } from './circuit-breaker'
import { specSnapshot } from '../spec/resolved-spec-schema'
import { renderPrompt, type PromptContext } from '../spec/template'
import type { ResolvedSpec } from '../spec/types'
import type { Manifest } from '../../shared/manifest'
import type { BudgetCap, RunEvent, RunStatus } from '../../shared/run-event'
import { resolveProviders, type ProviderOverrides, type ResolvedProviders } from './resolve-providers'
import { runStep, type StepRunResult } from './step-runner'
import type { ApprovalAsk, ContinuePlan, ReusePlan } from './job-plan'
import { doneStepContext, stepsCost } from './done-steps'
import { reuseStep } from './reuse-step'
import { betweenSteps, fixTurns } from './check-loop'
import type { ChatMessage } from '../providers/types'
import type { ResolvedStep } from '../spec/types'
import type { StepBinding } from './resolve-providers'
import { RunError } from './run-error'
import { slotWaitingEvent } from './slot-waiting'
import { keyLikeLines, keyLikeWarning } from '../spec/spec-secrets'
import { indexWarning } from '../history/history-error'
import { findSandbox, type SandboxMethod } from '../sandbox/sandbox-method'
import { BudgetGuard } from '../budget/budget-guard'
import { checkCapsArePriced, runCapOf, stepCapsOf } from '../budget/run-budget'
import { estimateRun, type RunEstimate } from '../cost/estimate'

/**
 * The sandbox checks will run in, decided before anything is created: none needed when checks
 * are off or no step has one; without a working sandbox the run is refused unless the user
 * passed --unsafe-checks.
 */
function chooseCheckSandbox(spec: ResolvedSpec, options: RunJobOptions): SandboxMethod | 'none' | undefined {
  if (!options.runChecks || !spec.steps.some((s) => s.check)) return undefined
  if (options.checkSandbox) return options.checkSandbox
  const found = findSandbox()
  if (found.method) return found.method
  if (options.unsafeChecks) return 'none'
  throw new OrchestratorError({
    kind: 'bad_input',
    retryable: false,
    message: `${found.reason ?? 'no sandbox for checks'}; or pass --unsafe-checks to run checks without one (they execute generated code with your file and network access)`,
  })
}

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

/** Runs a job to its end (both phases of startJob). */
export async function runJob(options: RunJobOptions): Promise<RunJobResult> {
  return (await startJob(options)).done
}

/**
 * Phase one, awaited: spec, providers, models, prices and sandbox are checked and the run folder
 * is created (a failure here creates nothing and rejects). Phase two, `done`: the steps run; an
 * engine fault there ends the run as failed and rejects `done`.
 */
export async function startJob(options: RunJobOptions): Promise<StartedJob> {
  const env = options.env ?? process.env
  const userSignal = options.signal ?? new AbortController().signal
  const spec =
    typeof options.spec === 'string'
      ? await loadSpecFile(options.spec, env, { extraProviders: Object.keys(options.providers ?? {}) })
      : options.spec
  const providers = await resolveProviders(spec, options, env, userSignal)
  if (userSignal.aborted) throw abortedError()
  const prices = loadPriceTable({ runsDir: options.runsDir, env })
  const redactor = Redactor.fromEnv(env)
  const checkSandbox = chooseCheckSandbox(spec, options)
  const models = new Map([...providers.bindings].map(([id, b]) => [id, { provider: b.provider.name, model: b.model }]))
  const runCap = runCapOf(spec, options.budget)
  const stepCaps = stepCapsOf(spec)
  checkCapsArePriced(spec, runCap, stepCaps, models, prices)
  options.onEstimate?.(estimateRun(spec, models, prices))

  const cont = options.continueJob
  // A resumed job's cap covers what it already spent.
  const spentBefore = cont
    ? { usd: cont.manifest.cost_usd ?? 0, tokens: cont.manifest.usage.prompt_tokens + cont.manifest.usage.completion_tokens }
    : undefined
  const budget = new BudgetGuard({
    ...(runCap ? { run: runCap } : {}),
    steps: stepCaps,
    prices,
    ...(spentBefore ? { spent: spentBefore } : {}),
  })
  const rerun = options.rerunOf
  if (options.replayFrom) assertRunFolderSafe(options.replayFrom)
  if (rerun) assertRunFolderSafe(rerun.parentDir)
  const { db } = openRunsDir(options.runsDir)
  const jobId = cont?.jobId ?? newJobId()
  let paths: RunPaths
  try {
    paths = cont?.paths ?? createRunFolder(options.runsDir, jobId)
  } catch (err) {
    db.close()
    throw err
  }
  const warnings = new Set<string>()
  const steps = spec.steps.map((step) => {
    const binding = providers.bindings.get(step.id)
    if (!binding) throw new OrchestratorError({ kind: 'internal', message: `no provider for step ${step.id}`, retryable: false })
    return { step, binding }
  })
  const lineage = rerun ? { parentJobId: rerun.parentJobId, ...(rerun.from ? { rerunFrom: rerun.from } : {}) } : {}
  let outputsPin: PinnedOutputs
  let recorder: RunRecorder
  const deferSync = new DeferredSync()
  try {
    outputsPin = pinOutputsDir(paths.root)
    if (!cont) {
      const cacheFrom = options.replayFrom ?? rerun?.parentDir
      if (cacheFrom) linkTree(join(cacheFrom, '.cache'), paths.cache)
      atomicWriteFileSync(join(paths.inputs, 'spec.yaml'), redactor.redact(spec.source.text))
      atomicWriteFileSync(
        join(paths.inputs, 'spec.resolved.json'),
        redactor.redact(specSnapshot(runCap ? { ...spec, budget: runCap } : spec)),
      )
    }
    const root = paths.root
    recorder = new RunRecorder({
      paths,
      jobId,
      init: cont
        ? { existing: cont.manifest }
        : {
            ...lineage,
            jobId,
            project: spec.project,
            taskDescription: spec.task_description,
            provider: providers.summary,
            specSha256: spec.source.sha256,
            startedAt: new Date().toISOString(),
            pid: process.pid,
            ...(runCap ? { budget: runCap } : {}),
            steps: steps.map(({ step, binding }) => ({
              id: step.id,
              agent: step.agent,
              needs: step.needs,
              provider: binding.provider.name,
              model: binding.model,
            })),
          },
      onFlush: (manifest) => {
        // The index is not the record: a failed SQLite write (e.g. SQLITE_FULL) never fails the run.
        try {
          db.upsertManifest(manifest, root)
        } catch (err) {
          warnings.add(indexWarning(err))
        }
      },
      redactor,
      beforeWrite: () => deferSync.syncAll(),
    })
  } catch (err) {
    db.close()
    throw new RunError(err, jobId, paths.root)
  }
  if (options.onEvent) recorder.subscribe(options.onEvent)
  options.onStart?.({ jobId, runDir: paths.root, notices: providers.notices })
  const done = executeJob({
    options,
    spec,
    providers,
    prices,
    checkSandbox,
    db,
    jobId,
    paths,
    steps,
    recorder,
    userSignal,
    outputsPin,
    deferSync,
    warnings,
    budget,
    runCap,
  })
  return { jobId, runDir: paths.root, notices: providers.notices, done }
}

interface PreparedJob {
  options: RunJobOptions
  spec: ResolvedSpec
  providers: ResolvedProviders
  prices: PriceTable
  checkSandbox: SandboxMethod | 'none' | undefined
  db: HistoryDb
  jobId: string
  paths: RunPaths
  steps: { step: ResolvedStep; binding: StepBinding }[]
  recorder: RunRecorder
  userSignal: AbortSignal
  outputsPin: PinnedOutputs
  deferSync: DeferredSync
  warnings: Set<string>
  budget: BudgetGuard
  runCap: BudgetCap | undefined
}

async function executeJob(job: PreparedJob): Promise<RunJobResult> {
  const {
    options,
    spec,
    providers,
    prices,
    checkSandbox,
    db,
    jobId,
    paths,
    steps,
    recorder,
    userSignal,
    outputsPin,
    deferSync,
    warnings,
    budget,
    runCap,
  } = job
  const env = options.env ?? process.env
  const cont = options.continueJob
  const rerun = options.rerunOf
  const started = performance.now()
  const duration = (): number => Math.round(performance.now() - started) / 1000
  const runController = new AbortController()
  const abortRun = (): void => runController.abort()
  userSignal.addEventListener('abort', abortRun, { once: true })
  let runTimedOut = false
  const runTimer =
    spec.run_timeout_s === undefined
      ? undefined
      : setTimeout(() => {
          runTimedOut = true
          runController.abort()
        }, spec.run_timeout_s * 1000)

  const bindingsById = new Map(steps.map((s) => [s.step.id, s]))
  const finished: PromptContext['steps'] = {}
  let firstFailure: ErrorInfo | undefined
  const sharedDir = options.replayFrom ? null : join(options.runsDir, '.cache', 'llm')
  const cache = options.noCache ? null : new LlmCache({ sharedDir, runCacheDir: paths.cache, replay: options.replayFrom !== undefined })
  // A rerun asks the model again for the steps it reruns (their answers are still recorded).
  const freshCache = rerun?.from && !options.noCache ? new LlmCache({ sharedDir, runCacheDir: paths.cache, writeOnly: true }) : cache
  const breakers = new CircuitBreakers(circuitSettingsFromEnv(env))

  const paused = new Set<string>()
  const context = (): PromptContext => ({ project: spec.project, task: spec.task_description, steps: finished })

  /** Runs one step (its check and fix loop included) and keeps its result for later prompts. */
  const runOne = async (
    step: ResolvedStep,
    binding: StepBinding,
    prompt: string,
    signal: AbortSignal,
    extraMessages?: ChatMessage[],
  ): Promise<StepRunResult> => {
    const loop = step.on_check_fail
    const result = await runStep({
      step,
      prompt,
      extraMessages,
      provider: binding.provider,
      model: binding.model,
      cache: rerun?.from ? freshCache : cache,
      recorder,
      signal,
      retryPolicy: options.retryPolicy,
      runChecks: options.runChecks,
      checkSandbox,
      env,
      prices,
      breakers,
      paths: {
        outputs: paths.outputs,
        logs: paths.logs,
        artifacts: paths.artifacts,
        venvs: join(options.runsDir, '.cache', 'venvs'),
        versions: paths.versions,
      },
      outputsPin,
      deferSync,
      budget,
      checkLoop:
        loop && options.runChecks
          ? { target: loop.rerun, maxRounds: loop.max_rounds, fix: (round, total, report) => fixRound(step, round, total, report, signal) }
          : undefined,
    })
    if (result.status === 'succeeded') {
      assertOutputsDir(outputsPin)
      finished[step.id] = {
        output: result.output,
        files: result.files.map((f) => ({ path: f.path, content: readFileSync(join(paths.outputs, f.path), 'utf8') })),
      }
    }
    return result
  }

  /** One fix round: the check's upstream step gets the failure as a new turn, the steps between run again. */
  const fixRound = async (checkStep: ResolvedStep, round: number, total: number, report: string, signal: AbortSignal): Promise<boolean> => {
    const target = checkStep.on_check_fail?.rerun ?? ''
    for (const id of [target, ...betweenSteps(spec.steps, target, checkStep.id)]) {
      const entry = bindingsById.get(id)
      if (!entry) return false
      recorder.record({
        type: 'step.round',
        step: id,
        round,
        max_rounds: total,
        check_step: checkStep.id,
        reason:
          report
            .split('\n')
            .find((l) => l.trim())
            ?.slice(0, 200) ?? 'the check failed',
      })
      const prompt = renderPrompt(entry.step.prompt, context())
      const extra = id === target ? fixTurns(finished[id]?.output ?? '', report, checkStep, round, total) : undefined
      const result = await runOne(entry.step, entry.binding, prompt, signal, extra)
      recorder.flushSoon()
      if (result.status !== 'succeeded') return false
    }
    return true
  }

  try {
    if (cont) {
      const saved = stepsCost(cont.manifest, cont.done)
      recorder.record({
        type: 'job.resumed',
        from_status: cont.fromStatus,
        pid: process.pid,
        reused_steps: steps.filter(({ step }) => cont.done.has(step.id)).map(({ step }) => step.id),
        rerun_steps: steps.filter(({ step }) => !cont.done.has(step.id)).map(({ step }) => step.id),
        saved_tokens: saved.tokens,
        saved_usd: saved.usd,
        ...(runCap ? { budget: runCap } : {}),
      })
    } else
      recorder.record({
        ...(rerun ? { parent_job_id: rerun.parentJobId, ...(rerun.from ? { rerun_from: rerun.from } : {}) } : {}),
        type: 'job.started',
        project: spec.project,
        task_description: spec.task_description,
        provider: providers.summary,
        spec_sha256: spec.source.sha256,
        steps: steps.map(({ step, binding }) => ({
          id: step.id,
          agent: step.agent,
          needs: step.needs,
          provider: binding.provider.name,
          model: binding.model,
        })),
        ...(runCap ? { budget: runCap } : {}),
      })
    if (checkSandbox === 'none') {
      recorder.record({
        type: 'job.notice',
        level: 'warn',
        message: 'checks run WITHOUT a sandbox (--unsafe-checks): generated code can read your files and use the network',
      })
    }
    for (const note of spec.source.ignored ?? []) recorder.record({ type: 'job.notice', level: 'warn', message: note })
    const keyLines = keyLikeLines(spec.source.text, env)
    if (keyLines.length > 0) {
      recorder.record({ type: 'job.notice', level: 'warn', message: keyLikeWarning(spec.source.path ?? 'spec', keyLines) })
    }
    for (const notice of providers.notices) recorder.record({ type: 'job.notice', level: 'warn', message: notice })
    // The recorder already wrote a valid manifest; job.started joins the next group commit.
    recorder.flushSoon()

    const groupLimits: Record<string, number> = {}
    for (const { binding } of steps) groupLimits[binding.provider.name] = binding.provider.maxConcurrency

    await runDag({
      nodes: steps.map(({ step, binding }) => ({ id: step.id, needs: step.needs, group: binding.provider.name })),
      groupLimits,
      globalLimit: spec.concurrency,
      signal: runController.signal,
      runNode: async (id, signal): Promise<NodeOutcome> => {
        const entry = bindingsById.get(id)
        if (!entry) return 'failed'
        const { step, binding } = entry
        if (cont?.done.has(id)) {
          finished[id] = doneStepContext(cont.manifest, paths.root, paths.outputs, id)
          return 'succeeded'
        }
        if (rerun?.reused.has(id)) {
          reuseStep(rerun, id, paths, recorder)
          finished[id] = doneStepContext(rerun.parentManifest, rerun.parentDir, paths.outputs, id)
          recorder.flushSoon()
          return 'succeeded'
        }
        let prompt = renderPrompt(step.prompt, context())
        if (step.approve && cont?.manifest.steps[id]?.approval !== 'approved') {
          const answer = cont?.decisions.get(id) ?? (options.askApproval ? await options.askApproval({ step: id, prompt }) : undefined)
          if (!answer) {
            paused.add(id)
            recorder.record({ type: 'step.awaiting_approval', step: id, prompt: prompt.slice(0, 4000) })
            recorder.flushSoon()
            return 'cancelled'
          }
          if (answer.decision === 'reject') {
            const reason = answer.reason ?? 'rejected at its approval gate'
            recorder.record({ type: 'step.rejected', step: id, reason })
            firstFailure ??= { kind: 'rejected', retryable: false, message: `step '${id}' was ${reason}` }
            recorder.flushSoon()
            return 'failed'
          }
          recorder.record({ type: 'step.approved', step: id, prompt_edited: answer.prompt !== undefined })
          if (answer.prompt !== undefined) prompt = answer.prompt
        }
        const result = await runOne(step, binding, prompt, signal)
        if (result.status === 'failed') firstFailure ??= result.error
        recorder.flushSoon()
        return result.status
      },
      onSkipped: (id, failedDependency) => {
        if (paused.has(failedDependency)) return
        recorder.record({ type: 'step.skipped', step: id, reason: `dependency '${failedDependency}' failed` })
      },
      onWaiting: (id) => {
        const entry = bindingsById.get(id)
        if (entry && !cont?.done.has(id) && !rerun?.reused.has(id)) recorder.record(slotWaitingEvent(id, entry.binding.provider))
      },
      onCancelled: (id) => recorder.record({ type: 'step.cancelled', step: id, duration_s: 0 }),
    })

    let status: RunJobResult['status']
    if (runTimedOut) {
      status = 'failed'
      recorder.record({
        type: 'job.failed',
        duration_s: duration(),
        error: {
          kind: 'timeout',
          retryable: false,
          message: `the run exceeded its timeout_s of ${spec.run_timeout_s} s; raise timeout_s in the spec`,
        },
      })
    } else if (userSignal.aborted) {
      status = 'cancelled'
      recorder.record({ type: 'job.cancelled', duration_s: duration() })
    } else if (paused.size > 0) {
      status = 'awaiting_approval'
      recorder.record({ type: 'job.awaiting_approval', duration_s: duration(), steps: [...paused] })
    } else if (firstFailure) {
      status = 'failed'
      recorder.record({ type: 'job.failed', duration_s: duration(), error: firstFailure })
    } else {
      status = 'succeeded'
      recorder.record({ type: 'job.succeeded', duration_s: duration() })
    }
    recorder.close()
    const result: RunJobResult = { jobId, status, runDir: paths.root, manifest: structuredClone(recorder.manifest) as Manifest }
    if (warnings.size > 0) result.warnings = [...warnings]
    return result
  } catch (err) {
    // An engine fault (e.g. the disk filled up): end the run as failed so it never stays `running`.
    try {
      recorder.record({ type: 'job.failed', duration_s: duration(), error: toErrorInfo(err) })
      recorder.close()
    } catch {
      // The recorder itself failed; the next openRunsDir marks the run interrupted.
    }
    throw new RunError(err, jobId, paths.root)
  } finally {
    if (runTimer) clearTimeout(runTimer)
    userSignal.removeEventListener('abort', abortRun)
    recorder.close()
    db.close()
  }
}
