/**
 * Phase two of a job (startJob's `done`): the steps run as a DAG, each as soon as its dependencies
 * finished, bounded per provider; a resumed job keeps its finished steps, a rerun takes over the
 * parent's steps outside the rerun. A step with `approve: true` waits for `askApproval`, else the
 * run stops `awaiting_approval`; a failing check with `on_check_fail` goes back to its upstream
 * step. The run ends with one job.* event and the recorder closed; an engine fault ends it as
 * failed and rejects with a RunError.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type ErrorInfo, toErrorInfo } from '../errors'
import { LlmCache } from '../run/llm-cache'
import { assertOutputsDir } from '../run/run-folder-guard'
import { runDag, type NodeOutcome } from '../scheduler/dag-executor'
import { CircuitBreakers, circuitSettingsFromEnv } from './circuit-breaker'
import { renderPrompt, type PromptContext } from '../spec/template'
import type { Manifest } from '../../shared/manifest'
import { runStep, type StepRunResult } from './step-runner'
import { doneStepContext, stepsCost } from './done-steps'
import { reuseStep } from './reuse-step'
import { betweenSteps, fixTurns } from './check-loop'
import type { ChatMessage } from '../providers/types'
import type { ResolvedStep } from '../spec/types'
import type { StepBinding } from './resolve-providers'
import { RunError } from './run-error'
import { slotWaitingEvent } from './slot-waiting'
import { keyLikeLines, keyLikeWarning } from '../spec/spec-secrets'

import type { RunJobResult } from './job-options'
import { graphSteps, type PreparedJob } from './prepare-job'

export async function executeJob(job: PreparedJob): Promise<RunJobResult> {
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
        steps: graphSteps(steps),
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
