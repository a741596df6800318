/**
 * Test-only builders for manifests and run folders used by the history tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Manifest, ManifestStep } from '../../shared/manifest'
import { testTempDir } from '../testing/test-temp-dir'

export function tempRunsDir(): string {
  return join(testTempDir('uo-history-'), 'runs')
}

export function jobId(n: number): string {
  return `job_${n.toString(16).padStart(12, '0')}`
}

export function makeStep(overrides: Partial<ManifestStep> = {}): ManifestStep {
  return {
    agent: 'builder',
    needs: [],
    provider: 'ollama',
    model: 'qwen3:8b',
    status: 'succeeded',
    started_at: '2025-01-01T00:00:00.000Z',
    finished_at: '2025-01-01T00:00:05.000Z',
    duration_s: 5,
    attempts: 1,
    provider_calls: 1,
    usage: { prompt_tokens: 10, completion_tokens: 20 },
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
    ...overrides,
  }
}

export function makeManifest(overrides: Partial<Manifest> = {}): Manifest {
  return {
    schema_version: 1,
    job_id: jobId(1),
    project: 'todo-app',
    task_description: 'Build a todo app',
    provider: 'ollama',
    spec_sha256: 'a'.repeat(64),
    app_version: '0.1.0',
    status: 'succeeded',
    started_at: '2025-01-01T00:00:00.000Z',
    finished_at: '2025-01-01T00:01:00.000Z',
    duration_s: 60,
    pid: null,
    usage: { prompt_tokens: 100, completion_tokens: 200 },
    cost_usd: 0,
    saved_tokens: 0,
    saved_usd: 0,
    budget: null,
    files: [
      {
        path: 'README.md',
        sha256: 'b'.repeat(64),
        size_bytes: 12,
        media_type: 'text/markdown',
        created_at: '2025-01-01T00:00:30.000Z',
        step: 'docs',
        seq: null,
        turn: null,
        round: null,
        model_call_id: null,
        cache_key: null,
        versions: [],
        flags: [],
      },
    ],
    steps: {
      architect: makeStep({ agent: 'architect' }),
      builder: makeStep({ needs: ['architect'] }),
      docs: makeStep({
        agent: 'docs',
        needs: ['architect'],
        status: 'failed',
        error: { kind: 'timeout', message: 'too slow', retryable: true },
      }),
    },
    notices: [],
    failures: [],
    completed_steps: ['architect', 'builder'],
    pending_steps: [],
    resumes: [],
    parent_job_id: null,
    rerun_from: null,
    ...overrides,
  }
}

/** Writes `<runsDir>/<job_id>/manifest.json` and returns the run folder. */
export function writeRunFolder(runsDir: string, manifest: Manifest): string {
  const dir = join(runsDir, manifest.job_id)
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  return dir
}
