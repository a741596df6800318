/**
 * The one JSON object `orchestrator run --json` prints: the original tool's summary keys
 * (`job_id`, `status`, `run_dir`, `duration_s`, `files`, `steps`, `failures`) plus project,
 * provider, usage and whether the offline demo produced the output. Built from the manifest.
 */
import type { Manifest } from '../shared/manifest'
import { usedDemoProvider } from './run-summary'

export interface RunJson {
  job_id: string
  status: Manifest['status']
  run_dir: string
  duration_s: number | null
  project: string
  provider: string
  offline_demo: boolean
  usage: Manifest['usage']
  files: Manifest['files']
  steps: Manifest['steps']
  failures: Manifest['failures']
}

export function runJson(manifest: Manifest, runDir: string): RunJson {
  return {
    job_id: manifest.job_id,
    status: manifest.status,
    run_dir: runDir,
    duration_s: manifest.duration_s,
    project: manifest.project,
    provider: manifest.provider,
    offline_demo: usedDemoProvider(manifest),
    usage: manifest.usage,
    files: manifest.files,
    steps: manifest.steps,
    failures: manifest.failures,
  }
}
