/**
 * The layout of one run folder: `<runsDir>/<job_id>/` with manifest.json, events.jsonl,
 * inputs/, outputs/, logs/, artifacts/ and .cache/. `runPaths` only computes paths (and refuses
 * ids that are not job ids, so a path can never leave `runsDir`); `createRunFolder` creates them
 * and refuses an existing folder, so two runs never share one.
 */
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { OrchestratorError } from '../errors'
import { fsErrorCode } from './fs-error-code'
import { isJobId } from './job-id'

export interface RunPaths {
  root: string
  manifest: string
  events: string
  inputs: string
  outputs: string
  logs: string
  artifacts: string
  cache: string
  /** Earlier contents of rewritten output files, by SHA-256 (created on first use). */
  versions: string
}

export function runPaths(runsDir: string, jobId: string): RunPaths {
  if (!isJobId(jobId)) {
    throw new OrchestratorError({
      kind: 'bad_input',
      retryable: false,
      message: `'${jobId.slice(0, 40)}' is not a job id; job ids look like job_0123456789ab`,
    })
  }
  const root = join(resolve(runsDir), jobId)
  return {
    root,
    manifest: join(root, 'manifest.json'),
    events: join(root, 'events.jsonl'),
    inputs: join(root, 'inputs'),
    outputs: join(root, 'outputs'),
    logs: join(root, 'logs'),
    artifacts: join(root, 'artifacts'),
    cache: join(root, '.cache'),
    versions: join(root, 'versions'),
  }
}

export function createRunFolder(runsDir: string, jobId: string): RunPaths {
  const paths = runPaths(runsDir, jobId)
  try {
    mkdirSync(resolve(runsDir), { recursive: true })
    mkdirSync(paths.root)
    for (const dir of [paths.inputs, paths.outputs, paths.logs, paths.artifacts, paths.cache]) mkdirSync(dir)
  } catch (err) {
    const code = fsErrorCode(err)
    const message =
      code === 'EEXIST'
        ? `run folder ${paths.root} already exists; use a new job id`
        : `cannot create run folder ${paths.root} (${code ?? 'unknown error'}); check that the runs folder is writable`
    throw new OrchestratorError({ kind: 'io', retryable: false, message }, { cause: err })
  }
  return paths
}
