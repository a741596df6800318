/**
 * The engine under test, two ways. `runBareEngine` is the scheduler alone (`runDag`).
 * `PersistentEngine` runs a graph the way a real job does: a fresh run folder, a RunRecorder
 * whose flushes upsert the manifest into SQLite, job.started + flushNow, then per step
 * step.started → LLM-cache lookup (a miss) → cache.miss → the step's work → step.succeeded →
 * flushSoon, and job.succeeded + close() at the end. Everything lives in a temp runs dir that
 * `dispose()` deletes. Every run checks that each node succeeded.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HistoryDb } from '../src/core/history/history-db'
import { newJobId } from '../src/core/run/job-id'
import { cacheKey, LlmCache, type CacheRequest } from '../src/core/run/llm-cache'
import { createRunFolder } from '../src/core/run/run-paths'
import { RunRecorder } from '../src/core/run/run-recorder'
import { runDag, type FinalOutcome, type NodeOutcome } from '../src/core/scheduler/dag-executor'
import type { GraphStep } from '../src/shared/run-event'
import { BENCH_GROUP, type BenchGraph } from './graphs'

export type BareRunNode = (id: string, signal: AbortSignal) => Promise<NodeOutcome> | NodeOutcome

function expectAllSucceeded(graph: BenchGraph, outcomes: Map<string, FinalOutcome>): void {
  if (outcomes.size !== graph.nodes.length) {
    throw new Error(`${graph.name}: runDag returned ${outcomes.size} outcomes for ${graph.nodes.length} nodes`)
  }
  for (const [id, outcome] of outcomes) {
    if (outcome !== 'succeeded') throw new Error(`${graph.name}: node ${id} ended ${outcome}`)
  }
}

export async function runBareEngine(graph: BenchGraph, runNode: BareRunNode): Promise<void> {
  const outcomes = await runDag({ nodes: graph.nodes, groupLimits: {}, runNode })
  expectAllSucceeded(graph, outcomes)
}

export interface PersistedRunTiming {
  /** Folder, recorder, job.started flush, the DAG, job.succeeded and close(). */
  totalMs: number
  /** From runDag's start to its resolution (step-boundary persistence included). */
  dagMs: number
  /** onFlush calls (each one a JSONL append + fsync, manifest write, SQLite upsert). */
  flushes: number
}

/** Work done inside each step; awaited only when it returns a promise. */
export type StepWork = (id: string) => Promise<void> | void

const BENCH_MODEL = 'noop'

function stepRequest(id: string): CacheRequest {
  return {
    provider: BENCH_GROUP,
    model: BENCH_MODEL,
    options: { temperature: 0 },
    messages: [
      { role: 'system', content: 'You are a benchmark step.' },
      { role: 'user', content: `Run step ${id}.` },
    ],
    tools: [],
  }
}

export class PersistentEngine {
  readonly runsDir: string
  private readonly db: HistoryDb
  private readonly sharedCacheDir: string

  constructor() {
    this.runsDir = mkdtempSync(join(tmpdir(), 'uo-bench-'))
    this.db = HistoryDb.open(this.runsDir)
    this.sharedCacheDir = join(this.runsDir, '.cache', 'llm')
  }

  async run(graph: BenchGraph, work?: StepWork): Promise<PersistedRunTiming> {
    const t0 = performance.now()
    const jobId = newJobId()
    const paths = createRunFolder(this.runsDir, jobId)
    const steps: GraphStep[] = graph.nodes.map((n) => ({
      id: n.id,
      agent: 'bench',
      needs: [...n.needs],
      provider: BENCH_GROUP,
      model: BENCH_MODEL,
    }))
    let flushes = 0
    const recorder = new RunRecorder({
      paths,
      jobId,
      init: {
        jobId,
        project: 'bench',
        taskDescription: graph.name,
        provider: BENCH_GROUP,
        specSha256: '0'.repeat(64),
        startedAt: new Date().toISOString(),
        pid: process.pid,
        steps,
      },
      onFlush: (manifest) => {
        flushes++
        this.db.upsertManifest(manifest, paths.root)
      },
    })
    const cache = new LlmCache({ sharedDir: this.sharedCacheDir, runCacheDir: paths.cache })
    let dagMs: number
    try {
      recorder.record({
        type: 'job.started',
        project: 'bench',
        task_description: graph.name,
        provider: BENCH_GROUP,
        spec_sha256: '0'.repeat(64),
        steps,
      })
      // The recorder already wrote a valid manifest; job.started joins the next group commit.
      recorder.flushSoon()
      const dagStart = performance.now()
      const outcomes = await runDag({
        nodes: graph.nodes,
        groupLimits: {},
        runNode: async (id): Promise<NodeOutcome> => {
          const started = performance.now()
          recorder.record({ type: 'step.started', step: id, agent: 'bench', provider: BENCH_GROUP, model: BENCH_MODEL })
          const key = cacheKey(stepRequest(id))
          if (cache.get(key) === undefined) recorder.record({ type: 'cache.miss', step: id, key })
          if (work) {
            const pending = work(id)
            if (pending) await pending
          }
          recorder.record({
            type: 'step.succeeded',
            step: id,
            duration_s: (performance.now() - started) / 1000,
            attempts: 1,
            usage: { prompt_tokens: 0, completion_tokens: 0 },
            cache_hit: false,
          })
          recorder.flushSoon()
          return 'succeeded'
        },
      })
      dagMs = performance.now() - dagStart
      expectAllSucceeded(graph, outcomes)
      recorder.record({ type: 'job.succeeded', duration_s: (performance.now() - t0) / 1000 })
    } finally {
      recorder.close()
    }
    const totalMs = performance.now() - t0
    const final = recorder.manifest
    if (final.status !== 'succeeded' || final.completed_steps.length !== graph.nodes.length) {
      throw new Error(`${graph.name}: manifest ended ${final.status} with ${final.completed_steps.length} completed steps`)
    }
    const indexed = this.db.getRun(jobId)?.summary.steps_succeeded
    if (indexed !== graph.nodes.length) throw new Error(`${graph.name}: SQLite has ${indexed} succeeded steps for ${jobId}`)
    rmSync(paths.root, { recursive: true, force: true })
    return { totalMs, dagMs, flushes }
  }

  dispose(): void {
    this.db.close()
    rmSync(this.runsDir, { recursive: true, force: true })
  }
}
