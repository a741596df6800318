/**
 * A new job's manifest (`initialManifest`) and its step records: every graph step pending, with
 * zero usage and cost. `ensureStep` adds a step an event names that the graph did not list. Step
 * records live in a prototype-free object, so ids like `__proto__` are ordinary keys.
 */
import type { Manifest, ManifestStep } from '../../shared/manifest'
import type { BudgetCap, GraphStep } from '../../shared/run-event'
import { APP_VERSION } from '../version'
import type { ManifestLists } from './manifest-lists'

export interface ManifestInit {
  jobId: string
  project: string
  taskDescription: string
  provider: string
  specSha256: string
  startedAt: string
  pid: number | null
  steps: GraphStep[]
  budget?: BudgetCap
  /** A rerun's lineage. */
  parentJobId?: string
  rerunFrom?: string
}

function newStep(step: Omit<GraphStep, 'id'>): ManifestStep {
  return {
    agent: step.agent,
    needs: [...step.needs],
    provider: step.provider,
    model: step.model,
    status: 'pending',
    started_at: null,
    finished_at: null,
    duration_s: null,
    attempts: 0,
    provider_calls: 0,
    usage: { prompt_tokens: 0, completion_tokens: 0 },
    cost_usd: 0,
    saved_tokens: 0,
    saved_usd: 0,
    cache_hit: false,
    input_sha256: null,
    artifacts: [],
    error: null,
    check: null,
    rounds: [],
    reused_from: null,
    approval: null,
  }
}

/** Step records live in a prototype-free object, so ids like `__proto__` are ordinary keys. */
export function stepRecord(steps: readonly GraphStep[]): Record<string, ManifestStep> {
  const record: Record<string, ManifestStep> = Object.create(null) as Record<string, ManifestStep>
  for (const step of steps) record[step.id] = newStep(step)
  return record
}

function getStep(manifest: Manifest, id: string): ManifestStep | undefined {
  return Object.hasOwn(manifest.steps, id) ? manifest.steps[id] : undefined
}

/** Finds a step, creating it (pending) when an event names a step the graph did not list. */
export function ensureStep(manifest: Manifest, lists: ManifestLists, id: string): ManifestStep {
  const existing = getStep(manifest, id)
  if (existing) return existing
  const step = newStep({ agent: '', needs: [], provider: '', model: '' })
  Object.defineProperty(manifest.steps, id, { value: step, enumerable: true, writable: true, configurable: true })
  lists.open(id)
  return step
}

export function initialManifest(init: ManifestInit): Manifest {
  return {
    schema_version: 1,
    job_id: init.jobId,
    project: init.project,
    task_description: init.taskDescription,
    provider: init.provider,
    spec_sha256: init.specSha256,
    app_version: APP_VERSION,
    status: 'running',
    started_at: init.startedAt,
    finished_at: null,
    duration_s: null,
    pid: init.pid,
    usage: { prompt_tokens: 0, completion_tokens: 0 },
    cost_usd: 0,
    saved_tokens: 0,
    saved_usd: 0,
    budget: init.budget ?? null,
    files: [],
    steps: stepRecord(init.steps),
    notices: [],
    failures: [],
    completed_steps: [],
    pending_steps: [...new Set(init.steps.map((s) => s.id))],
    resumes: [],
    parent_job_id: init.parentJobId ?? null,
    rerun_from: init.rerunFrom ?? null,
  }
}
