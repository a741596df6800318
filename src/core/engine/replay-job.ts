/**
 * Replays a past run from its folder alone: the exact resolved spec (inputs/spec.resolved.json +
 * inputs/spec.yaml) runs again into a new run folder, every model answer coming from the old
 * folder's `.cache`. The providers are stand-ins that never reach a model: a request the old run
 * did not make fails the step with `not_recorded` instead of calling anyone. A faithful replay
 * makes zero provider calls and reproduces every output byte for byte.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { OrchestratorError, ProviderError } from '../errors'
import { readManifestFile } from '../history/run-folders'
import { resolvedSpecSnapshotSchema } from '../spec/resolved-spec-schema'
import type { ResolvedSpec } from '../spec/types'
import type { ModelProvider } from '../providers/types'
import { sha256Hex } from '../sha256'
import { runJob, type RunJobOptions, type RunJobResult } from './run-job'
import { assertRunFolderSafe } from '../run/run-folder-guard'

export type ReplayOptions = Omit<RunJobOptions, 'spec' | 'provider' | 'model' | 'providers' | 'pinned' | 'noCache' | 'replayFrom'> & {
  /** The run folder to replay (runs/<job_id>). */
  runDir: string
}

function unreadable(runDir: string, what: string, err: unknown): OrchestratorError {
  const detail = err instanceof Error ? err.message : String(err)
  return new OrchestratorError(
    { kind: 'bad_input', retryable: false, message: `cannot replay ${runDir}: ${what} (${detail}); replay needs a complete run folder` },
    { cause: err },
  )
}

/** The spec exactly as the recorded run resolved it. */
export function recordedSpec(runDir: string): ResolvedSpec {
  let text: string
  let snapshot
  try {
    text = readFileSync(join(runDir, 'inputs', 'spec.yaml'), 'utf8')
    snapshot = resolvedSpecSnapshotSchema.parse(JSON.parse(readFileSync(join(runDir, 'inputs', 'spec.resolved.json'), 'utf8')))
  } catch (err) {
    throw unreadable(runDir, 'its inputs/ are missing or damaged', err)
  }
  if (sha256Hex(text) !== snapshot.source.sha256) {
    throw new OrchestratorError({
      kind: 'bad_input',
      retryable: false,
      message: `cannot replay ${runDir}: inputs/spec.yaml does not match the SHA-256 recorded in inputs/spec.resolved.json`,
    })
  }
  const { source, ...resolved } = snapshot
  return { ...resolved, source: { path: source.path, sha256: source.sha256, text } }
}

function replayProvider(name: string): ModelProvider {
  return {
    name,
    label: `${name} (replay: recorded answers only)`,
    offline: true,
    maxConcurrency: 8,
    async preflight(): Promise<void> {},
    chat(): AsyncIterable<never> {
      throw new ProviderError({
        kind: 'not_recorded',
        retryable: false,
        message: `this ${name} request is not in the recorded run's cache, so replay cannot answer it; rerun the spec normally to call the model`,
      })
    },
  }
}

export async function replayJob(options: ReplayOptions): Promise<RunJobResult> {
  const { runDir, ...rest } = options
  assertRunFolderSafe(runDir)
  const read = readManifestFile(join(runDir, 'manifest.json'))
  if (!read.ok) throw unreadable(runDir, 'its manifest.json is missing or damaged', new Error(read.reason))
  const manifest = read.manifest
  const spec = recordedSpec(runDir)
  const pinned = Object.fromEntries(Object.entries(manifest.steps).map(([id, s]) => [id, { provider: s.provider, model: s.model }]))
  const providers = Object.fromEntries(Object.values(pinned).map(({ provider }) => [provider, replayProvider(provider)]))
  return runJob({ ...rest, spec, providers, pinned, replayFrom: runDir })
}
