/**
 * Runs one step to its end: renders its prompt, runs attempts with the per-step timeout, retries
 * only retryable errors with backoff (honouring retry-after), and records the step's lifecycle
 * events. The step runner is the one retry owner: adapters and SDKs never retry.
 * Saves the step's final answer as artifacts/<step>.md (keys redacted) so the run folder keeps it.
 */
import { join } from 'node:path'
import { atomicWriteFileSync } from '../fs/atomic-write'
import { abortedError, type ErrorInfo, OrchestratorError, toErrorInfo } from '../errors'
import type { ModelProvider } from '../providers/types'
import type { LlmCache } from '../run/llm-cache'
import type { RunRecorder } from '../run/run-recorder'
import { StepLog } from '../run/step-log'
import { DEFAULT_RETRY_POLICY, isRetryable, retryDelayMs, sleep, type RetryPolicy } from './retry-policy'
import { withTimeout } from './timeouts'
import type { ResolvedStep } from '../spec/types'
import type { ToolLimits, WrittenFile } from '../tools/types'
import { runStepAttempt } from './step-attempt'
import { runStepCheck } from './step-check'
import { findSandbox, type SandboxMethod } from '../sandbox/sandbox-method'
import { sha256Hex } from '../sha256'
import type { PriceTable } from '../cost/price-table'

export interface StepRunContext {
  step: ResolvedStep
  prompt: string
  provider: ModelProvider
  model: string
  paths: { outputs: string; logs: string; artifacts: string }
  cache: LlmCache | null
  recorder: RunRecorder
  signal: AbortSignal
  retryPolicy?: RetryPolicy
  toolLimits?: ToolLimits
  /** Run steps' `check` commands (they execute generated code); otherwise they are recorded as skipped. */
  runChecks?: boolean
  /** Where checks run (see core/sandbox); set by runJob whenever runChecks is on. */
  checkSandbox?: SandboxMethod | 'none'
  prices?: PriceTable
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

  try {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await withTimeout(
          (signal) =>
            runStepAttempt({
              step,
              prompt: ctx.prompt,
              model: ctx.model,
              provider: ctx.provider,
              attempt,
              outputsDir: ctx.paths.outputs,
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
        const artifact = `${step.id}.md`
        const output = recorder.redactor.redact(result.output)
        const body = output.endsWith('\n') ? output : `${output}\n`
        atomicWriteFileSync(join(ctx.paths.artifacts, artifact), body)
        recorder.record({
          type: 'artifact.created',
          step: step.id,
          path: `artifacts/${artifact}`,
          sha256: sha256Hex(body),
          size_bytes: Buffer.byteLength(body),
        })
        const checkError = step.check ? await runCheck(ctx, step.check) : undefined
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
        log.section(`attempt ${attempt} failed (${info.kind})`, info.message)
        if (!isRetryable(info) || attempt >= policy.maxAttempts) {
          recorder.record({ type: 'step.failed', step: step.id, duration_s: elapsed(), attempts: attempt, error: info })
          return { status: 'failed', error: info }
        }
        const delay = retryDelayMs(attempt, policy, info)
        recorder.record({ type: 'step.retry', step: step.id, attempt: attempt + 1, delay_ms: delay, error: info })
        await sleep(delay, ctx.signal)
      }
    }
  } catch (err) {
    if (ctx.signal.aborted || (err instanceof OrchestratorError && err.kind === 'aborted')) {
      recorder.record({ type: 'step.cancelled', step: step.id, duration_s: elapsed() })
      return { status: 'cancelled' }
    }
    const info = toErrorInfo(err)
    recorder.record({ type: 'step.failed', step: step.id, duration_s: elapsed(), attempts: 0, error: info })
    return { status: 'failed', error: info }
  } finally {
    log.flush()
  }
}

/** Runs (or records as skipped) the step's check; returns the error that fails the step, if any. */
async function runCheck(ctx: StepRunContext, argv: string[]): Promise<ErrorInfo | undefined> {
  const step = ctx.step.id
  const command = argv.join(' ')
  if (!ctx.runChecks) {
    ctx.recorder.record({
      type: 'step.check',
      step,
      command,
      status: 'skipped',
      exit_code: null,
      duration_s: 0,
      reason: 'checks execute generated code; pass --run-checks to run it',
    })
    return undefined
  }
  const sandbox = ctx.checkSandbox ?? findSandbox().method
  if (!sandbox) {
    const reason = 'no sandbox for checks on this machine; install bubblewrap or pass --unsafe-checks'
    ctx.recorder.record({ type: 'step.check', step, command, status: 'error', exit_code: null, duration_s: 0, reason })
    return { kind: 'check_failed', retryable: false, message: `check \`${command}\` could not run: ${reason}` }
  }
  const outcome = await runStepCheck({
    stepId: step,
    argv,
    outputsDir: ctx.paths.outputs,
    artifactsDir: ctx.paths.artifacts,
    timeoutMs: ctx.step.timeout_s * 1000,
    signal: ctx.signal,
    sandbox,
    redactor: ctx.recorder.redactor,
  })
  ctx.recorder.record({
    type: 'step.check',
    step,
    command,
    status: outcome.status,
    exit_code: outcome.exitCode,
    duration_s: outcome.durationS,
    artifact: outcome.artifact,
    ...(outcome.reason ? { reason: outcome.reason } : {}),
  })
  if (ctx.signal.aborted) throw abortedError()
  if (outcome.status === 'passed') return undefined
  const what =
    outcome.status === 'failed' ? `failed with exit code ${outcome.exitCode}` : `could not run: ${outcome.reason ?? 'unknown error'}`
  return { kind: 'check_failed', retryable: false, message: `check \`${command}\` ${what}; its output is in ${outcome.artifact}` }
}
