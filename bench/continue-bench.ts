/**
 * `npm run bench:continue`: what continuing a job costs per step on the 1,000-step chain, next
 * to today's cached rerun. One process, a scripted in-process provider (each step: one
 * write_file call, then an answer) and the real runJob (run folder, events, manifest, SQLite,
 * the cache). After one live run it measures, interleaved, with medians:
 *   - cached rerun: runJob of the same spec again, every answer from the cache;
 *   - resume: the job marked interrupted with every step finished, resumed in place (all reused);
 *   - rerun: rerunJob --from the last step (999 steps reused by content hash, one rerun).
 * Prints µs/step and the ratio to the cached rerun, with PASS/MISS for "reuse costs no more per
 * step than the cached rerun". Not part of the test suite; never fails on a MISS.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { rerunJob } from '../src/core/engine/rerun-job'
import { resumeJob } from '../src/core/engine/resume-job'
import { runJob } from '../src/core/engine/run-job'
import { createScriptedProvider, hasToolResults, writeFiles } from '../src/core/engine/testing/scripted-provider'
import { sha256Hex } from '../src/core/sha256'
import type { ResolvedSpec, ResolvedStep } from '../src/core/spec/types'
import { formatMs, formatRatio, formatUs, median, renderTable, renderTargets, type TargetResult } from './stats'

const STEPS = Number(process.env.BENCH_CONTINUE_STEPS ?? 1000)
const REPETITIONS = 3

function chainSpec(n: number): ResolvedSpec {
  const text = `project: chain\ntask: a chain of ${n} steps\n`
  const steps: ResolvedStep[] = Array.from({ length: n }, (_, i) => ({
    id: `s${i}`,
    agent: 'writer',
    role: 'Writer',
    system: 'You write one file.',
    prompt: `step s${i}: write out/s${i}.txt`,
    needs: i === 0 ? [] : [`s${i - 1}`],
    tools: ['write_file'],
    mustWriteFiles: true,
    provider: 'scripted',
    model: 'bench',
    options: {},
    timeout_s: 60,
    retries: 0,
    max_turns: 4,
  }))
  return {
    project: 'chain',
    task_description: `a chain of ${n} steps`,
    provider: 'scripted',
    model: 'bench',
    options: {},
    concurrency: 4,
    base_urls: {},
    ollama_server: {},
    provider_timeouts: {},
    builtin_graph: false,
    steps,
    source: { path: 'chain.yaml', text, sha256: sha256Hex(text) },
  }
}

const provider = createScriptedProvider((request) => {
  if (hasToolResults(request)) return { text: ['done'] }
  const step = /^step (s\d+):/.exec(request.messages.find((m) => m.role === 'user')?.content ?? '')?.[1] ?? 'x'
  return writeFiles({ [`out/${step}.txt`]: `${step}\n` })
})
const providers = { scripted: provider }

async function main(): Promise<void> {
  const runsDir = mkdtempSync(join(tmpdir(), 'uo-bench-continue-'))
  const spec = chainSpec(STEPS)
  try {
    const first = await runJob({ spec, runsDir, providers, env: {} })
    if (first.status !== 'succeeded') throw new Error(`first run ended ${first.status}`)
    const liveCalls = provider.calls.length
    const manifestPath = join(first.runDir, 'manifest.json')

    const samples = { cached: [] as number[], resume: [] as number[], rerun: [] as number[] }
    for (let rep = 0; rep <= REPETITIONS; rep++) {
      let t = performance.now()
      const cached = await runJob({ spec, runsDir, providers, env: {} })
      const cachedMs = performance.now() - t
      if (cached.status !== 'succeeded') throw new Error(`cached rerun ended ${cached.status}`)
      rmSync(cached.runDir, { recursive: true, force: true })

      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { status: string }
      writeFileSync(manifestPath, JSON.stringify({ ...manifest, status: 'interrupted' }))
      t = performance.now()
      const resumed = await resumeJob(runsDir, first.jobId, { providers, env: {} })
      const resumeMs = performance.now() - t
      if (resumed.status !== 'succeeded' || resumed.reused.length !== STEPS) throw new Error(`resume ended ${resumed.status}`)

      t = performance.now()
      const rerun = await rerunJob(runsDir, first.jobId, { from: `s${STEPS - 1}`, providers, env: {} })
      const rerunMs = performance.now() - t
      if (rerun.status !== 'succeeded' || rerun.reused.length !== STEPS - 1) throw new Error(`rerun ended ${rerun.status}`)
      rmSync(rerun.runDir, { recursive: true, force: true })
      if (rep === 0) continue // warm-up
      samples.cached.push(cachedMs)
      samples.resume.push(resumeMs)
      samples.rerun.push(rerunMs)
    }
    const extraCalls = provider.calls.length - liveCalls
    const perStep = (ms: number): number => (ms * 1000) / STEPS
    const cached = median(samples.cached)
    const rows = [
      ['cached rerun (today)', formatMs(cached), formatUs(perStep(cached)), '1.00×'],
      [
        'resume, all reused',
        formatMs(median(samples.resume)),
        formatUs(perStep(median(samples.resume))),
        formatRatio(median(samples.resume) / cached),
      ],
      [
        `rerun --from s${STEPS - 1}`,
        formatMs(median(samples.rerun)),
        formatUs(perStep(median(samples.rerun))),
        formatRatio(median(samples.rerun) / cached),
      ],
    ]
    process.stdout.write(`\n== continuing a job: ${STEPS}-step chain, whole runJob, median of ${REPETITIONS}\n`)
    process.stdout.write(`${renderTable(['variant', 'ms', 'µs/step', 'vs cached'], rows)}\n`)
    process.stdout.write(`model calls after the live run: ${extraCalls} (the rerun step, 2 turns × ${REPETITIONS + 1})\n\n`)
    const targets: TargetResult[] = [
      {
        label: 'resume per step ≤ cached rerun',
        measured: `${formatUs(perStep(median(samples.resume)))} µs`,
        target: `≤ ${formatUs(perStep(cached))} µs`,
        pass: median(samples.resume) <= cached,
      },
      {
        label: 'rerun per step ≤ cached rerun',
        measured: `${formatUs(perStep(median(samples.rerun)))} µs`,
        target: `≤ ${formatUs(perStep(cached))} µs`,
        pass: median(samples.rerun) <= cached,
      },
    ]
    process.stdout.write(`${renderTargets(targets)}\n`)
  } finally {
    rmSync(runsDir, { recursive: true, force: true })
  }
}

await main()
