/**
 * Runs one step to its end: renders its prompt, runs attempts with the per-step timeout, retries
 * only retryable errors with backoff (honouring retry-after), and records the step's lifecycle
 * events. The step runner is the one retry owner: adapters and SDKs never retry. Attempts are
 * numbered from 1; each one first asks the provider's circuit breaker, which refuses at once
 * (kind circuit_open) while the provider is known to be broken.
 * Saves the step's final answer as artifacts/<step>.md (keys redacted) so the run folder keeps it.
 * With `checkLoop`, a failing check goes back to an upstream step for fix rounds (run-job's
 * `fixRound`) and is run again after each, until it passes or the rounds are used up.
 */
import { join } from 'node:path'
import { atomicWriteFileSync } from '../fs/atomic-write'
import { writeStepArtifact } from '../run/step-artifact'
import { laterOrNow, type DeferredSync } from '../fs/deferred-sync'
import { abortedError, type ErrorInfo, OrchestratorError, toErrorInfo } from '../errors'
import type { ChatMessage, ModelProvider } from '../providers/types'
import { checkReport } from './check-loop'
import { preparePythonVenv } from './check-venv'
import { copyFileSync } from 'node:fs'
import type { LlmCache } from '../run/llm-cache'
import type { RunRecorder } from '../run/run-recorder'
import { StepLog } from '../run/step-log'
import { DEFAULT_RETRY_POLICY, isRetryable, retryDelayMs, sleep, type RetryPolicy } from './retry-policy'
import { withTimeout } from './timeouts'
import type { ResolvedStep } from '../spec/types'
import type { ToolLimits, WrittenFile } from '../tools/types'
import { runStepAttempt } from './step-attempt'
import { runStepCheck } from './step-check'
import type { CircuitBreakers } from './circuit-breaker'
import { findSandbox, type SandboxMethod } from '../sandbox/sandbox-method'
import { assertOutputsDir, type PinnedOutputs } from '../run/run-folder-guard'
import { sha256Hex } from '../sha256'
import type { PriceTable } from '../cost/price-table'
import type { BudgetGuard } from '../budget/budget-guard'

export interface StepRunContext {
  step: ResolvedStep
  prompt: string
  /** Turns after the prompt (a fix round: the step's last answer, then what failed). */
  extraMessages?: ChatMessage[]
  provider: ModelProvider
  model: string
  /** `venvs`: where Python venvs for checks are cached (`<runsDir>/.cache/venvs`). */
  paths: { outputs: string; logs: string; artifacts: string; venvs?: string; versions?: string }
  /** outputs/ as pinned at the start of the run; every write and the check's copy re-check it. */
  outputsPin?: PinnedOutputs
  /** The run's write-ahead sync: file and artifact writes leave their fsyncs to the recorder's next flush. */
  deferSync?: DeferredSync
  cache: LlmCache | null
  recorder: RunRecorder
  signal: AbortSignal
  retryPolicy?: RetryPolicy
  toolLimits?: ToolLimits
  /** Run steps' `check` commands (they execute generated code); otherwise they are recorded as skipped. */
  runChecks?: boolean
  /** Where checks run (see core/sandbox); set by runJob whenever runChecks is on. */
  checkSandbox?: SandboxMethod | 'none'
  /** The run's environment: pip (making a check's venv) sees its PIP_* and proxy variables. */
  env?: NodeJS.ProcessEnv
  prices?: PriceTable
  /** `on_check_fail`: `fix` runs one fix round (2 … total) and says whether the fixing steps succeeded. */
  checkLoop?: { target: string; maxRounds: number; fix: (round: number, total: number, report: string) => Promise<boolean> }
  /** The run's circuit breakers (one per provider); none = no breaker. */
  breakers?: CircuitBreakers
  /** The run's spending caps (see core/budget). */
  budget?: BudgetGuard
}

export type StepRunResult =
  { status: 'succeeded'; output: string; files: WrittenFile[] } | { status: 'failed'; error: ErrorInfo } | { status: 'cancelled' }

export async function runStep(ctx: StepRunContext): Promise<StepRunResult> {
  const { step, recorder } = ctx
  const policy = { ...(ctx.retryPolicy ?? DEFAULT_RETRY_POLICY), maxAttempts: step.retries + 1 }
  const log = new StepLog(join(ctx.paths.logs, `${step.id}.log`), recorder.redactor)
  const started = performance.now()
  const elapsed = (): number => Math.round(performance.now() - started) / 1000
  recorder.record({ type: 'step.started', step: step.id, agent: step.agent, provider: ctx.provider.name, model: ctx.model })
  log.section(`step ${step.id} (${step.role}) — ${ctx.provider.name} / ${ctx.model}`, '')
  log.section('system', step.system)
  log.section('prompt', ctx.prompt)

  let attempts = 0
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        ctx.breakers?.check(ctx.provider.name)
        attempts = attempt
        const result = await withTimeout(
          (signal) =>
            runStepAttempt({
              step,
              prompt: ctx.prompt,
              extraMessages: ctx.extraMessages,
              model: ctx.model,
              provider: ctx.provider,
              attempt,
              outputsDir: ctx.paths.outputs,
              outputsPin: ctx.outputsPin,
              ...(ctx.deferSync ? { deferSync: ctx.deferSync } : {}),
              ...(ctx.paths.versions ? { versionsDir: ctx.paths.versions } : {}),
              ...(ctx.budget ? { budget: ctx.budget } : {}),
              toolLimits: ctx.toolLimits,
              cache: ctx.cache,
              recorder,
              log,
              signal,
              prices: ctx.prices,
            }),
          {
            timeoutMs: step.timeout_s * 1000,
            signal: ctx.signal,
            message: `step '${step.id}' timed out after ${step.timeout_s} s; raise timeout_s for this step (or in defaults)`,
          },
        )
        ctx.breakers?.success(ctx.provider.name)
        const artifact = `${step.id}.md`
        const output = recorder.redactor.redact(result.output)
        const body = output.endsWith('\n') ? output : `${output}\n`
        writeStepArtifact(join(ctx.paths.artifacts, artifact), body, ctx.deferSync)
        recorder.record({
          type: 'artifact.created',
          step: step.id,
          path: `artifacts/${artifact}`,
          sha256: sha256Hex(body),
          size_bytes: Buffer.byteLength(body),
        })
        const checkError = step.check ? await checkWithRounds(ctx, step.check) : undefined
        if (checkError) {
          recorder.record({ type: 'step.failed', step: step.id, duration_s: elapsed(), attempts: attempt, error: checkError })
          return { status: 'failed', error: checkError }
        }
        recorder.record({
          type: 'step.succeeded',
          step: step.id,
          duration_s: elapsed(),
          attempts: attempt,
          usage: result.usage,
          cache_hit: result.allCached,
        })
        return { status: 'succeeded', output: result.output, files: result.files }
      } catch (err) {
        const info = toErrorInfo(err)
        if (info.kind === 'aborted' || ctx.signal.aborted) throw err
        if (info.kind !== 'circuit_open') ctx.breakers?.failure(ctx.provider.name, info)
        log.section(info.kind === 'circuit_open' ? `attempt ${attempt} not sent` : `attempt ${attempt} failed (${info.kind})`, info.message)
        if (!isRetryable(info) || attempt >= policy.maxAttempts) {
          recorder.record({ type: 'step.failed', step: step.id, duration_s: elapsed(), attempts, error: info })
          return { status: 'failed', error: info }
        }
        const delay = retryDelayMs(attempt, policy, info)
        recorder.record({
          type: 'step.retry',
          step: step.id,
          attempt: attempt + 1,
          max_attempts: policy.maxAttempts,
          delay_ms: delay,
          error: info,
        })
        await sleep(delay, ctx.signal)
      }
    }
  } catch (err) {
    if (ctx.signal.aborted || (err instanceof OrchestratorError && err.kind === 'aborted')) {
      recorder.record({ type: 'step.cancelled', step: step.id, duration_s: elapsed() })
      return { status: 'cancelled' }
    }
    const info = toErrorInfo(err)
    recorder.record({ type: 'step.failed', step: step.id, duration_s: elapsed(), attempts, error: info })
    return { status: 'failed', error: info }
  } finally {
    laterOrNow(ctx.deferSync, () => log.flush())
  }
}

/** The check, and with `checkLoop` the fix rounds after a failing one; returns the error that fails the step. */
async function checkWithRounds(ctx: StepRunContext, argv: string[]): Promise<ErrorInfo | undefined> {
  const loop = ctx.checkLoop
  const first = await runCheck(ctx, argv, loop ? 1 : undefined)
  if (!loop || first.status !== 'failed') return first.error
  const total = loop.maxRounds + 1
  const command = argv.join(' ')
  let last = first
  for (let round = 2; round <= total; round++) {
    const report = checkReport(ctx.paths.artifacts, ctx.step.id)
    const fixed = await loop.fix(round, total, report)
    if (ctx.signal.aborted) throw abortedError()
    if (!fixed) {
      return {
        kind: 'check_failed',
        retryable: false,
        message: `check \`${command}\` failed and fix round ${round}/${total} by '${loop.target}' did not finish (see that step's error); its last output is in ${last.artifact}`,
      }
    }
    last = await runCheck(ctx, argv, round)
    if (last.status !== 'failed') return last.error
  }
  return {
    kind: 'check_failed',
    retryable: false,
    message: `check \`${command}\` still failed after ${total - 1} fix round${total === 2 ? '' : 's'} by '${loop.target}' (rounds 2–${total}); its last output is in ${last.artifact}; fix the code by hand or raise on_check_fail.max_rounds`,
  }
}

interface CheckRun {
  status: 'passed' | 'failed' | 'skipped' | 'error'
  error?: ErrorInfo
  artifact: string
}

/** Makes the check's venv when it asks for one; returns its bin/ or the error that ends the check. */
async function checkBinDir(ctx: StepRunContext): Promise<{ binDir?: string; error?: string }> {
  const setup = ctx.step.check_setup
  if (!setup?.python_venv) return {}
  const venv = await preparePythonVenv({
    venvsDir: ctx.paths.venvs ?? join(ctx.paths.outputs, '..', '.venvs'),
    projectDir: ctx.paths.outputs,
    timeoutMs: setup.timeout_s * 1000,
    signal: ctx.signal,
    env: ctx.env ?? process.env,
  })
  atomicWriteFileSync(join(ctx.paths.artifacts, `${ctx.step.id}-check-setup.txt`), ctx.recorder.redactor.redact(venv.log))
  if (!venv.ok) return { error: `${venv.reason} (setup output: artifacts/${ctx.step.id}-check-setup.txt)` }
  return { binDir: join(venv.dir, 'bin') }
}

/** Runs (or records as skipped) the step's check once. */
async function runCheck(ctx: StepRunContext, argv: string[], round: number | undefined): Promise<CheckRun> {
  const step = ctx.step.id
  const command = argv.join(' ')
  const roundField = round === undefined ? {} : { round }
  if (!ctx.runChecks) {
    ctx.recorder.record({
      type: 'step.check',
      step,
      command,
      status: 'skipped',
      exit_code: null,
      duration_s: 0,
      reason: 'checks execute generated code; pass --run-checks to run it',
      ...roundField,
    })
    return { status: 'skipped', artifact: '' }
  }
  const sandbox = ctx.checkSandbox ?? findSandbox().method
  if (!sandbox) {
    const reason = 'no sandbox for checks on this machine; install bubblewrap or pass --unsafe-checks'
    ctx.recorder.record({ type: 'step.check', step, command, status: 'error', exit_code: null, duration_s: 0, reason, ...roundField })
    return {
      status: 'error',
      artifact: '',
      error: { kind: 'check_failed', retryable: false, message: `check \`${command}\` could not run: ${reason}` },
    }
  }
  const env = await checkBinDir(ctx)
  if (ctx.signal.aborted) throw abortedError()
  if (env.error !== undefined) {
    const artifact = `artifacts/${step}-check-setup.txt`
    ctx.recorder.record({
      type: 'step.check',
      step,
      command,
      status: 'error',
      exit_code: null,
      duration_s: 0,
      reason: env.error,
      artifact,
      ...roundField,
    })
    return {
      status: 'error',
      artifact,
      error: { kind: 'check_setup_failed', retryable: false, message: `check \`${command}\` could not run: ${env.error}` },
    }
  }
  if (ctx.outputsPin) assertOutputsDir(ctx.outputsPin)
  const outcome = await runStepCheck({
    stepId: step,
    argv,
    outputsDir: ctx.paths.outputs,
    artifactsDir: ctx.paths.artifacts,
    timeoutMs: ctx.step.timeout_s * 1000,
    signal: ctx.signal,
    sandbox,
    redactor: ctx.recorder.redactor,
    setup: ctx.step.check_setup?.commands,
    ...(env.binDir ? { binDir: env.binDir } : {}),
  })
  let artifact = outcome.artifact
  if (round !== undefined) {
    artifact = `artifacts/${step}-check-round-${round}.txt`
    copyFileSync(join(ctx.paths.artifacts, '..', outcome.artifact), join(ctx.paths.artifacts, '..', artifact))
  }
  ctx.recorder.record({
    type: 'step.check',
    step,
    command,
    status: outcome.status,
    exit_code: outcome.exitCode,
    duration_s: outcome.durationS,
    artifact,
    ...(outcome.reason ? { reason: outcome.reason } : {}),
    ...roundField,
  })
  if (ctx.signal.aborted) throw abortedError()
  if (outcome.status === 'passed') return { status: 'passed', artifact }
  const what =
    outcome.status === 'failed' ? `failed with exit code ${outcome.exitCode}` : `could not run: ${outcome.reason ?? 'unknown error'}`
  return {
    status: outcome.status,
    artifact,
    error: { kind: 'check_failed', retryable: false, message: `check \`${command}\` ${what}; its output is in ${artifact}` },
  }
}
