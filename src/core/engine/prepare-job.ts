/**
 * Phase one of a job (startJob): spec, providers, models, prices, caps and the check sandbox are
 * checked before anything is created, so bad input creates nothing; then the run folder (or the
 * continued job's folder), its inputs and the run recorder. What it returns is everything phase
 * two (execute-job.ts) needs; on a failure after the folder exists it closes the index and throws
 * a RunError naming the folder.
 */
import { linkTree } from '../fs/link-tree'
import { join } from 'node:path'
import { loadPriceTable } from '../cost/price-table'
import { abortedError, OrchestratorError } from '../errors'
import { atomicWriteFileSync } from '../fs/atomic-write'
import { DeferredSync } from '../fs/deferred-sync'
import { openRunsDir } from '../history/open-runs-dir'
import { newJobId } from '../run/job-id'
import { createRunFolder, type RunPaths } from '../run/run-paths'
import { assertRunFolderSafe, pinOutputsDir, type PinnedOutputs } from '../run/run-folder-guard'
import { Redactor } from '../redact/redactor'
import { RunRecorder } from '../run/run-recorder'
import { loadSpecFile } from '../spec/load-spec'
import { specSnapshot } from '../spec/resolved-spec-schema'
import type { ResolvedSpec } from '../spec/types'
import type { GraphStep } from '../../shared/run-event'
import { resolveProviders } from './resolve-providers'
import type { ResolvedStep } from '../spec/types'
import type { StepBinding } from './resolve-providers'
import { RunError } from './run-error'
import { indexWarning } from '../history/history-error'
import { findSandbox, type SandboxMethod } from '../sandbox/sandbox-method'
import { BudgetGuard } from '../budget/budget-guard'
import { checkCapsArePriced, runCapOf, stepCapsOf } from '../budget/run-budget'
import { estimateRun } from '../cost/estimate'
import type { RunJobOptions } from './job-options'

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

/** The steps as the manifest and job.started list them. */
export function graphSteps(steps: readonly { step: ResolvedStep; binding: StepBinding }[]): GraphStep[] {
  return steps.map(({ step, binding }) => ({
    id: step.id,
    agent: step.agent,
    needs: step.needs,
    provider: binding.provider.name,
    model: binding.model,
  }))
}

export type PreparedJob = Awaited<ReturnType<typeof prepareJob>>

export async function prepareJob(options: RunJobOptions) {
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
            steps: graphSteps(steps),
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
  return {
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
  }
}
