/**
 * Reruns a job from one step into a NEW job (`parent_job_id`, `rerun_from`): every step that is
 * not `from` or downstream of it is reused from the parent — its files restored into the new
 * outputs/ by content hash, zero model calls, marked `reused` with the parent's id — and `from`
 * and its descendants run again (asking the model again, with the edited prompt, provider or
 * model for `from` when given). Without `from` it is a fresh run of the same recorded spec.
 * Works from the parent's folder alone (inputs/ + manifest + outputs/); never writes to it.
 */
import { OrchestratorError } from '../errors'
import { defaultModelFor } from '../providers/provider-registry'
import { ancestorSets } from '../spec/graph'
import type { ResolvedSpec } from '../spec/types'
import { stepsCost } from './done-steps'
import { recordedSpec } from './replay-job'
import { findJob, readJobManifest, type ResumeResult } from './resume-job'
import { runJob, type RunJobOptions } from './run-job'

export type RerunOptions = Omit<
  RunJobOptions,
  'spec' | 'runsDir' | 'continueJob' | 'rerunOf' | 'replayFrom' | 'pinned' | 'provider' | 'model'
> & {
  /** The step to rerun from; absent = a fresh run of the whole spec. */
  from?: string
  /** A new prompt template for `from`. */
  prompt?: string
  /** Provider and/or model for `from` only. */
  provider?: string
  model?: string
}

export interface RerunResult extends ResumeResult {
  parentJobId: string
}

/** `from` and every step downstream of it. */
function rerunSet(spec: ResolvedSpec, from: string): Set<string> {
  const ancestors = ancestorSets(spec.steps)
  return new Set(spec.steps.filter((s) => s.id === from || (ancestors.get(s.id)?.has(from) ?? false)).map((s) => s.id))
}

export async function rerunJob(runsDir: string, jobId: string, options: RerunOptions = {}): Promise<RerunResult> {
  const parent = findJob(runsDir, jobId)
  const parentManifest = readJobManifest(parent)
  const recorded = recordedSpec(parent.root)
  const { from, prompt, provider, model, ...rest } = options
  if (from === undefined && (prompt !== undefined || provider !== undefined || model !== undefined)) {
    throw new OrchestratorError({
      kind: 'bad_input',
      retryable: false,
      message: 'a new prompt, provider or model needs --from <step>: the step it is for',
    })
  }
  if (from !== undefined && !recorded.steps.some((s) => s.id === from)) {
    throw new OrchestratorError({
      kind: 'bad_input',
      retryable: false,
      message: `job ${jobId} has no step '${from}'; its steps: ${recorded.steps.map((s) => s.id).join(', ')}`,
    })
  }
  const spec: ResolvedSpec = {
    ...recorded,
    steps: recorded.steps.map((s) => (s.id === from && prompt !== undefined ? { ...s, prompt } : s)),
  }
  const rerun = from === undefined ? new Set(spec.steps.map((s) => s.id)) : rerunSet(spec, from)
  const reused = new Set(spec.steps.filter((s) => !rerun.has(s.id)).map((s) => s.id))
  for (const id of reused) {
    if (parentManifest.steps[id]?.status !== 'succeeded') {
      throw new OrchestratorError({
        kind: 'bad_input',
        retryable: false,
        message: `cannot rerun from '${from}': step '${id}' upstream of it did not succeed in ${jobId}; resume that job, or rerun from an earlier step`,
      })
    }
  }
  const env = rest.env ?? process.env
  const pinned = Object.fromEntries(
    Object.entries(parentManifest.steps)
      .filter(([, s]) => s.provider !== '' && s.model !== '')
      .map(([id, s]) => [id, { provider: s.provider, model: s.model }]),
  )
  if (from !== undefined && (provider !== undefined || model !== undefined)) {
    const was = pinned[from]
    const name = provider ?? was?.provider ?? 'auto'
    pinned[from] = {
      provider: name,
      model: model ?? (provider !== undefined ? defaultModelFor(name, env) : (was?.model ?? defaultModelFor(name, env))),
    }
  }
  const result = await runJob({
    ...rest,
    spec,
    runsDir,
    pinned,
    rerunOf: { parentJobId: jobId, parentDir: parent.root, parentManifest, from: from ?? null, reused },
  })
  return { ...result, parentJobId: jobId, reused: [...reused], saved: stepsCost(parentManifest, reused) }
}
