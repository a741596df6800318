/**
 * `diff` of two runs: the resolved specs key by key, the steps side by side with the first step
 * whose input differs, and the outputs file by file (see file-diff). `diffRunHeader` reads only
 * the two manifests, specs and event logs; `diffOutputFiles` then streams the files, so a caller
 * can print as it goes. `diffRuns` collects everything into one object (for the app and --json).
 * Works for any two run folders: a run with itself, interrupted runs, runs of different specs.
 */
import { join } from 'node:path'
import type { Manifest } from '../../shared/manifest'
import { OrchestratorError } from '../errors'
import { readManifestFile } from '../history/run-folders'
import { readEvents } from '../run/event-log'
import { diffOutputFiles, type FileChange, type FileDiffOptions } from './file-diff'
import { diffSpecs, readResolvedSpec, type SpecChange } from './spec-diff'
import { compareSteps, inputHashesFromEvents, type StepComparison } from './step-diff'

export type { FileChange, FileDiffOptions } from './file-diff'
export type { StepSide } from './step-diff'

interface RunRef {
  job_id: string
  run_dir: string
  status: Manifest['status']
  project: string
  spec_sha256: string
  started_at: string
}

export interface RunDiffHeader {
  a: RunRef
  b: RunRef
  same_spec: boolean
  spec: SpecChange[]
  steps: StepComparison[]
  /** The first step (in run A's graph order) whose rendered request differs, or that only one run has. */
  first_divergent_step: string | null
}

export interface FileTotals {
  added: number
  removed: number
  changed: number
  unchanged: number
}

export interface RunDiff extends RunDiffHeader {
  /** Every file that is not unchanged, in path order. */
  files: FileChange[]
  totals: FileTotals
}

interface OpenedRun {
  dir: string
  manifest: Manifest
}

function openRun(runDir: string): OpenedRun {
  const read = readManifestFile(join(runDir, 'manifest.json'))
  if (!read.ok) {
    throw new OrchestratorError({
      kind: 'bad_input',
      retryable: false,
      message: `cannot diff ${runDir}: ${read.reason}; run 'orchestrator reindex' to list damaged runs`,
    })
  }
  return { dir: runDir, manifest: read.manifest }
}

function refOf(run: OpenedRun): RunRef {
  const m = run.manifest
  return { job_id: m.job_id, run_dir: run.dir, status: m.status, project: m.project, spec_sha256: m.spec_sha256, started_at: m.started_at }
}

function inputHashes(run: OpenedRun): Map<string, string> {
  const missing = Object.values(run.manifest.steps).some((s) => s.input_sha256 === null)
  return missing ? inputHashesFromEvents(readEvents(join(run.dir, 'events.jsonl')).events) : new Map()
}

export function diffRunHeader(runDirA: string, runDirB: string): RunDiffHeader & { manifests: [Manifest, Manifest] } {
  const a = openRun(runDirA)
  const b = openRun(runDirB)
  const { steps, firstDivergentStep } = compareSteps(a.manifest, b.manifest, inputHashes(a), inputHashes(b))
  return {
    a: refOf(a),
    b: refOf(b),
    same_spec: a.manifest.spec_sha256 === b.manifest.spec_sha256,
    spec: diffSpecs(readResolvedSpec(a.dir), readResolvedSpec(b.dir)),
    steps,
    first_divergent_step: firstDivergentStep,
    manifests: [a.manifest, b.manifest],
  }
}

/** Streams the file changes of two runs whose header was read with diffRunHeader. */
export function diffRunFiles(
  header: Pick<RunDiffHeader, 'a' | 'b'> & { manifests: [Manifest, Manifest] },
  options: FileDiffOptions = {},
): AsyncGenerator<FileChange> {
  const [ma, mb] = header.manifests
  return diffOutputFiles(
    { outputsDir: join(header.a.run_dir, 'outputs'), files: ma.files },
    { outputsDir: join(header.b.run_dir, 'outputs'), files: mb.files },
    options,
  )
}

export function emptyTotals(): FileTotals {
  return { added: 0, removed: 0, changed: 0, unchanged: 0 }
}

/** The whole diff as one object. */
export async function diffRuns(runDirA: string, runDirB: string, options: FileDiffOptions = {}): Promise<RunDiff> {
  const { manifests, ...header } = diffRunHeader(runDirA, runDirB)
  const files: FileChange[] = []
  const totals = emptyTotals()
  for await (const change of diffRunFiles({ ...header, manifests }, options)) {
    totals[change.change]++
    if (change.change !== 'unchanged') files.push(change)
  }
  return { ...header, files, totals }
}
