/**
 * Mapping between a Manifest and the rows of the history index, and from stored rows back to the
 * typed shapes callers see. Pure functions; statuses read back are validated, never cast blindly.
 */
import type { Manifest } from '../../shared/manifest'
import type { RunSummary } from '../../shared/run-summary'
import type { ManifestStamp } from './run-folders'
import { runStatusSchema, stepStatusSchema, type StepStatus } from '../../shared/run-event'

export type { RunSummary } from '../../shared/run-summary'

export interface StepRow {
  step_id: string
  agent: string
  needs: string[]
  provider: string
  model: string
  status: StepStatus
  started_at: string | null
  finished_at: string | null
  duration_s: number | null
  attempts: number
  provider_calls: number
  prompt_tokens: number
  completion_tokens: number
  /** USD; null when a model's price is unknown. */
  cost_usd: number | null
  saved_tokens: number
  saved_usd: number | null
  cache_hit: boolean
  error_kind: string | null
  error_message: string | null
}

export interface FileRow {
  path: string
  sha256: string
  size_bytes: number
  media_type: string
  step: string
}

/** Named parameters of the runs upsert. */
export interface RunParams extends Omit<RunSummary, 'files' | 'error'> {
  spec_sha256: string
  app_version: string
  files_count: number
  manifest_mtime_ms: number | null
  manifest_size: number | null
  updated_at: string
}

/** A runs row as SQLite returns it (status not yet validated). */
export interface StoredRun extends Omit<RunSummary, 'status' | 'files'> {
  status: string
  files_count: number
}

export interface StoredStep extends Omit<StepRow, 'status' | 'cache_hit' | 'needs'> {
  status: string
  cache_hit: number
  needs: string
}

export const RUN_COLUMNS = [
  'job_id',
  'project',
  'task_description',
  'provider',
  'status',
  'started_at',
  'finished_at',
  'duration_s',
  'prompt_tokens',
  'completion_tokens',
  'cost_usd',
  'saved_tokens',
  'saved_usd',
  'spec_sha256',
  'app_version',
  'run_dir',
  'files_count',
  'steps_total',
  'steps_succeeded',
  'parent_job_id',
  'rerun_from',
  'resumes',
  'manifest_mtime_ms',
  'manifest_size',
  'updated_at',
] as const satisfies readonly (keyof RunParams)[]

export const SUMMARY_COLUMNS =
  'job_id, project, task_description, provider, status, started_at, finished_at, duration_s, ' +
  'prompt_tokens, completion_tokens, cost_usd, saved_tokens, saved_usd, run_dir, files_count, steps_total, steps_succeeded, ' +
  'parent_job_id, rerun_from, resumes, ' +
  "(SELECT f.step_id || ': ' || f.error_message FROM steps f WHERE f.job_id = runs.job_id AND f.status = 'failed' " +
  'AND f.error_message IS NOT NULL ORDER BY f.ord LIMIT 1) AS error'

export const STEP_COLUMNS =
  'step_id, agent, needs, provider, model, status, started_at, finished_at, duration_s, attempts, ' +
  'provider_calls, prompt_tokens, completion_tokens, cost_usd, saved_tokens, saved_usd, cache_hit, error_kind, error_message'

export function runParams(manifest: Manifest, runDir: string, stamp: ManifestStamp | null, now: string): RunParams {
  const steps = Object.values(manifest.steps)
  return {
    job_id: manifest.job_id,
    project: manifest.project,
    task_description: manifest.task_description,
    provider: manifest.provider,
    status: manifest.status,
    started_at: manifest.started_at,
    finished_at: manifest.finished_at,
    duration_s: manifest.duration_s,
    prompt_tokens: manifest.usage.prompt_tokens,
    completion_tokens: manifest.usage.completion_tokens,
    cost_usd: manifest.cost_usd,
    saved_tokens: manifest.saved_tokens,
    saved_usd: manifest.saved_usd,
    spec_sha256: manifest.spec_sha256,
    app_version: manifest.app_version,
    run_dir: runDir,
    files_count: new Set(manifest.files.map((f) => f.path)).size,
    steps_total: steps.length,
    steps_succeeded: steps.filter((s) => s.status === 'succeeded').length,
    parent_job_id: manifest.parent_job_id,
    rerun_from: manifest.rerun_from,
    resumes: manifest.resumes.length,
    manifest_mtime_ms: stamp?.mtimeMs ?? null,
    manifest_size: stamp?.size ?? null,
    updated_at: now,
  }
}

export function toSummary(row: StoredRun): RunSummary {
  return {
    job_id: row.job_id,
    project: row.project,
    status: runStatusSchema.parse(row.status),
    provider: row.provider,
    started_at: row.started_at,
    finished_at: row.finished_at,
    duration_s: row.duration_s,
    prompt_tokens: row.prompt_tokens,
    completion_tokens: row.completion_tokens,
    cost_usd: row.cost_usd,
    saved_tokens: row.saved_tokens,
    saved_usd: row.saved_usd,
    files: row.files_count,
    steps_total: row.steps_total,
    steps_succeeded: row.steps_succeeded,
    parent_job_id: row.parent_job_id,
    rerun_from: row.rerun_from,
    resumes: row.resumes,
    run_dir: row.run_dir,
    task_description: row.task_description,
    error: row.error,
  }
}

export function toStepRow(row: StoredStep): StepRow {
  const needs: unknown = JSON.parse(row.needs)
  return {
    ...row,
    needs: Array.isArray(needs) ? needs.filter((n): n is string => typeof n === 'string') : [],
    status: stepStatusSchema.parse(row.status),
    cache_hit: row.cache_hit !== 0,
  }
}
