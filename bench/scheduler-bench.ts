/**
 * `npm run bench`: the start-up and scheduler benchmark. Times `orchestrator --help`, `validate` and
 * `list` as fresh processes against `node -e 0` and the idle time between model calls against a
 * fixed-latency Ollama server; compares, in one process with interleaved runs and
 * medians after a warm-up, the engine's scheduler alone, the engine with a real run's
 * persistence, @langchain/langgraph and a minimal Kahn floor on a 1 000-step chain and a
 * 1 → 1 000 → 1 fan-out; measures the engine's overhead on a diamond of 50 ms steps, per-step
 * cost at 1 000 and 10 000 steps, and peak RSS of the 10 000-step runs. Prints tables and every
 * target with PASS/MISS. Not part of the test suite; never fails on a MISS.
 */
import { setMaxListeners } from 'node:events'
import { cpus, loadavg } from 'node:os'
import { PersistentEngine, runBareEngine } from './engine-runner'
import { chainGraph, diamondGraph, fanGraph, type BenchGraph } from './graphs'
import { runKahn } from './kahn-floor'
import { idleRows, idleTargets, LATENCY_MS, measureIdlePerCall } from './idle-per-call'
import { buildLangGraph } from './langgraph-runner'
import { hasGc, maxRssBytes, measureInterleaved, MemoryPeak, type Variant } from './measure'
import { measureStartup } from './startup'
import { formatMb, formatMs, formatRatio, formatUs, median, renderTable, renderTargets, type TargetResult } from './stats'

const REPETITIONS = 5
const DIAMOND_REPETITIONS = 10
const WARMUP = 1
const STEP_MS = 50
const SMALL_BATCH = 20
const LARGE_BATCH = 3
const LANGGRAPH_SKIP_ABOVE_MS = 5_000
/** LangGraph's chain cost grows faster than linearly; cap its 10 000-step run to keep the bench short. */
const LANGGRAPH_10K_CAP_MS = Number(process.env.BENCH_LANGGRAPH_CAP_MS ?? 30_000)
/** BENCH_ONLY=shapes runs section 1 alone (engine vs LangGraph on the chain and fan-out). */
const ONLY_SHAPES = process.env.BENCH_ONLY === 'shapes'

const targets: TargetResult[] = []
const target = (label: string, measured: number, goal: string, pass: boolean, fmt: (n: number) => string): void => {
  targets.push({ label, measured: fmt(measured), target: goal, pass })
}
const syncNoop = (): 'succeeded' => 'succeeded'
const asyncNoop = async (): Promise<'succeeded'> => 'succeeded'
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
const usPerStep = (ms: number, graph: BenchGraph): number => (ms * 1000) / graph.nodes.length

function heading(title: string): void {
  process.stdout.write(`\n== ${title}\n`)
}

/**
 * Per-step cost of a shape: (median job time − median time of the same shape with one unit) / the
 * steps between them. What every job pays once whatever its size (run folder, the first and last
 * durable flush's fsyncs, building LangGraph's run) cancels out; everything that grows with the
 * steps (events, their JSONL bytes, manifest size, SQLite rows, cache lookups) stays in.
 */
function perStepMs(bigMs: number, bigSteps: number, unitMs: number, unitSteps: number): number {
  return (bigMs - unitMs) / (bigSteps - unitSteps)
}

async function compareOnShapes(engine: PersistentEngine): Promise<number> {
  heading(`1. engine vs LangGraph vs Kahn floor (median of ${REPETITIONS}, ${WARMUP} warm-up, interleaved)`)
  const graphs = [chainGraph(1000), fanGraph(1000)]
  /** The same shapes at their smallest: what a job of that shape costs before its steps. */
  const units = new Map<string, BenchGraph>([
    [graphs[0]!.name, chainGraph(1)],
    [graphs[1]!.name, fanGraph(1)],
  ])
  const variants: Variant[] = []
  const rows: string[][] = []
  const dagOnly = new Map<string, number[]>()
  const flushCounts = new Map<string, number[]>()
  const buildMs = new Map<string, number>()
  for (const graph of graphs) {
    const buildStart = performance.now()
    const app = buildLangGraph(graph)
    buildMs.set(graph.name, performance.now() - buildStart)
    const dag: number[] = []
    dagOnly.set(graph.name, dag)
    const flushes: number[] = []
    flushCounts.set(graph.name, flushes)
    const unit = units.get(graph.name)!
    const unitApp = buildLangGraph(unit)
    variants.push(
      { name: `${graph.name}|unit: engine + persistence`, run: async () => (await engine.run(unit)).totalMs, batch: SMALL_BATCH },
      {
        name: `${graph.name}|unit: langgraph invoke`,
        run: async () => {
          const done = await unitApp.invoke()
          if (done !== unit.nodes.length) throw new Error(`langgraph ran ${done} of ${unit.nodes.length} nodes`)
        },
        batch: SMALL_BATCH,
      },
      { name: `${graph.name}|engine (sync runNode)`, run: () => runBareEngine(graph, syncNoop), batch: SMALL_BATCH },
      { name: `${graph.name}|engine (async runNode)`, run: () => runBareEngine(graph, asyncNoop), batch: SMALL_BATCH },
      {
        name: `${graph.name}|engine + persistence`,
        run: async () => {
          const timing = await engine.run(graph)
          dag.push(timing.dagMs)
          flushes.push(timing.flushes)
          return timing.totalMs
        },
      },
      { name: `${graph.name}|kahn floor (sync)`, run: async () => void (await runKahn(graph.nodes, syncNoop)), batch: SMALL_BATCH },
      { name: `${graph.name}|kahn floor (async)`, run: async () => void (await runKahn(graph.nodes, asyncNoop)), batch: SMALL_BATCH },
      {
        name: `${graph.name}|langgraph invoke`,
        run: async () => {
          const done = await app.invoke()
          if (done !== graph.nodes.length) throw new Error(`langgraph ran ${done} of ${graph.nodes.length} nodes`)
        },
      },
    )
  }
  const results = await measureInterleaved(variants, { repetitions: REPETITIONS, warmup: WARMUP })
  const get = (graph: BenchGraph, variant: string): number => results.get(`${graph.name}|${variant}`)!.medianMs
  const ratioRows: string[][] = []
  const perStepRows: string[][] = []
  for (const graph of graphs) {
    rows.push([graph.name, 'langgraph build + compile (once, untimed)', formatMs(buildMs.get(graph.name)!), '', '', ''])
    for (const [name, result] of results) {
      const [graphName, variant] = name.split('|') as [string, string]
      if (graphName !== graph.name) continue
      const note = variant.startsWith('unit: ')
        ? `${units.get(graph.name)!.nodes.length} steps, sample = median of ${SMALL_BATCH} runs`
        : variant === 'engine + persistence'
          ? `runDag part ${formatMs(median(dagOnly.get(graph.name)!.slice(-REPETITIONS)))} ms, ` +
            `${median(flushCounts.get(graph.name)!)} flushes`
          : variant.startsWith('engine') || variant.startsWith('kahn')
            ? `sample = median of ${SMALL_BATCH} runs`
            : ''
      rows.push([
        graph.name,
        variant,
        formatMs(result.medianMs),
        formatMs(result.minMs),
        formatUs(usPerStep(result.medianMs, variant.startsWith('unit: ') ? units.get(graph.name)! : graph)),
        note,
      ])
    }
    const dagPart = median(dagOnly.get(graph.name)!.slice(-REPETITIONS))
    const unit = units.get(graph.name)!
    const steps = graph.nodes.length
    const enginePerStep = perStepMs(get(graph, 'engine + persistence'), steps, get(graph, 'unit: engine + persistence'), unit.nodes.length)
    const langPerStep = perStepMs(get(graph, 'langgraph invoke'), steps, get(graph, 'unit: langgraph invoke'), unit.nodes.length)
    perStepRows.push([graph.name, formatUs(enginePerStep * 1000), formatUs(langPerStep * 1000), formatRatio(langPerStep / enginePerStep)])
    const ratios: [string, number][] = [
      ['engine/kahn (sync runNode)', get(graph, 'engine (sync runNode)') / get(graph, 'kahn floor (sync)')],
      ['engine/kahn (async runNode)', get(graph, 'engine (async runNode)') / get(graph, 'kahn floor (async)')],
      ['langgraph/engine+persistence (whole job)', get(graph, 'langgraph invoke') / get(graph, 'engine + persistence')],
      ['langgraph/engine+persistence (runDag part)', get(graph, 'langgraph invoke') / dagPart],
      ['langgraph/engine (async runNode)', get(graph, 'langgraph invoke') / get(graph, 'engine (async runNode)')],
    ]
    for (const [label, ratio] of ratios) ratioRows.push([graph.name, label, formatRatio(ratio)])
    const [sync, async, lgWhole] = ratios.map(([, r]) => r) as [number, number, number]
    target(`${graph.name}: engine/kahn (sync)`, sync, '≤ 3×', sync <= 3, formatRatio)
    target(`${graph.name}: engine/kahn (async)`, async, '≤ 3×', async <= 3, formatRatio)
    const lgPerStep = langPerStep / enginePerStep
    target(`${graph.name}: langgraph/engine+persistence (per step)`, lgPerStep, '≥ 50×', lgPerStep >= 50, formatRatio)
    target(`${graph.name}: langgraph/engine+persistence (whole job)`, lgWhole, '≥ 50×', lgWhole >= 50, formatRatio)
  }
  process.stdout.write(`${renderTable(['graph', 'variant', 'median ms', 'min ms', 'µs/step', 'note'], rows)}\n\n`)
  process.stdout.write(`${renderTable(['graph', 'ratio (medians)', 'value'], ratioRows)}\n\n`)
  process.stdout.write(
    `per step = (job − same shape with one unit) / the steps between them; engine with persistence, LangGraph in memory (no checkpointer)\n`,
  )
  process.stdout.write(`${renderTable(['graph', 'engine+persistence µs/step', 'langgraph µs/step', 'langgraph/engine'], perStepRows)}\n`)
  return get(graphs[0]!, 'langgraph invoke')
}

async function diamondOverhead(engine: PersistentEngine): Promise<void> {
  heading(`2. diamond A → (B, C) → D, ${STEP_MS} ms steps, engine + persistence (median of ${DIAMOND_REPETITIONS})`)
  const graph = diamondGraph()
  const critical = 3 * STEP_MS
  const totals: number[] = []
  const results = await measureInterleaved(
    [
      {
        name: 'engine + persistence (runDag wall)',
        run: async () => {
          const timing = await engine.run(graph, () => sleep(STEP_MS))
          totals.push(timing.totalMs)
          return timing.dagMs
        },
      },
      {
        name: 'bare timers (no engine)',
        run: async () => {
          await sleep(STEP_MS)
          await Promise.all([sleep(STEP_MS), sleep(STEP_MS)])
          await sleep(STEP_MS)
        },
      },
    ],
    { repetitions: DIAMOND_REPETITIONS, warmup: WARMUP },
  )
  const dagMs = results.get('engine + persistence (runDag wall)')!.medianMs
  const timersMs = results.get('bare timers (no engine)')!.medianMs
  const totalMs = median(totals.slice(-DIAMOND_REPETITIONS))
  const rows = [
    ['engine + persistence, runDag wall', formatMs(dagMs), formatMs(dagMs - critical)],
    ['engine + persistence, whole job (folder, flushes, close)', formatMs(totalMs), formatMs(totalMs - critical)],
    ['bare timers, same critical path (setTimeout lateness)', formatMs(timersMs), formatMs(timersMs - critical)],
  ]
  process.stdout.write(`${renderTable(['measure', 'wall ms', `− ${critical} ms`], rows)}\n`)
  const ms = (n: number): string => `${formatMs(n)} ms`
  target('diamond: runDag wall − 150 ms', dagMs - critical, '≤ 2 ms', dagMs - critical <= 2, ms)
  target('diamond: runDag wall − bare timers (engine share)', dagMs - timersMs, '≤ 2 ms', dagMs - timersMs <= 2, ms)
}

async function scaling(engine: PersistentEngine): Promise<void> {
  heading(`3. scaling: chain 1 000 vs 10 000 (median of ${REPETITIONS}, interleaved)`)
  const small = chainGraph(1000)
  const large = chainGraph(10_000)
  const kinds = [
    { kind: 'engine (sync runNode)', run: (g: BenchGraph) => runBareEngine(g, syncNoop), bare: true },
    { kind: 'engine (async runNode)', run: (g: BenchGraph) => runBareEngine(g, asyncNoop), bare: true },
    { kind: 'kahn floor (async)', run: async (g: BenchGraph) => void (await runKahn(g.nodes, asyncNoop)), bare: true },
    { kind: 'reference: V8 Map of N ids', run: async (g: BenchGraph) => void buildIdMap(g), bare: true },
    { kind: 'engine + persistence', run: async (g: BenchGraph) => (await engine.run(g)).totalMs, bare: false },
  ]
  const variants: Variant[] = []
  for (const { kind, run, bare } of kinds) {
    variants.push({ name: `${kind}|1000`, run: () => run(small), batch: bare ? SMALL_BATCH : 1 })
    variants.push({ name: `${kind}|10000`, run: () => run(large), batch: bare ? LARGE_BATCH : 1 })
  }
  const results = await measureInterleaved(variants, { repetitions: REPETITIONS, warmup: WARMUP })
  const rows: string[][] = []
  for (const { kind } of kinds) {
    const perSmall = usPerStep(results.get(`${kind}|1000`)!.medianMs, small)
    const perLarge = usPerStep(results.get(`${kind}|10000`)!.medianMs, large)
    rows.push([kind, formatUs(perSmall), formatUs(perLarge), formatRatio(perLarge / perSmall)])
    if (kind.startsWith('kahn') || kind.startsWith('reference')) continue
    target(`chain: ${kind} µs/step 10k/1k`, perLarge / perSmall, '≤ 1.5× (flat)', perLarge / perSmall <= 1.5, formatRatio)
    if (kind === 'engine + persistence') {
      target('chain 10k: engine + persistence µs/step', perLarge, '< 40 µs', perLarge < 40, (n) => `${formatUs(n)} µs`)
    }
  }
  process.stdout.write(`${renderTable(['variant', 'µs/step @1k', 'µs/step @10k', '10k/1k'], rows)}\n`)
}

const STARTUP_REPETITIONS = 9
const STARTUP_TARGET_MS = 150

function startup(): void {
  heading(`0. start-up of the built CLI, a fresh process each (median of ${STARTUP_REPETITIONS}, interleaved with node -e 0)`)
  const { baselineMs, rows } = measureStartup(STARTUP_REPETITIONS)
  const table = [['node -e 0', formatMs(baselineMs), '1.00×'], ...rows.map((r) => [r.name, formatMs(r.ms), formatRatio(r.ratio)])]
  process.stdout.write(`${renderTable(['command', 'wall ms', 'vs node -e 0'], table)}\n`)
  for (const row of rows) {
    target(
      `start-up: ${row.name} (${formatRatio(row.ratio)} node -e 0)`,
      row.ms,
      `< ${STARTUP_TARGET_MS} ms`,
      row.ms < STARTUP_TARGET_MS,
      (n) => `${formatMs(n)} ms`,
    )
  }
}

async function idlePerCall(): Promise<void> {
  heading(
    `2b. idle time between model calls: a chain through the Ollama adapter, server latency ${LATENCY_MS} ms, server in a worker thread (median of 3)`,
  )
  const r = await measureIdlePerCall(3)
  process.stdout.write(`${renderTable(['measure', 'value'], idleRows(r))}\n`)
  targets.push(...idleTargets(r))
}

/** What any executor that returns a Map<id, outcome> pays at least; shows the machine's cost per entry at N. */
function buildIdMap(graph: BenchGraph): Map<string, number> {
  const map = new Map<string, number>()
  for (let i = 0; i < graph.nodes.length; i++) map.set(graph.nodes[i]!.id, i)
  return map
}

function memoryRow(name: string, peak: MemoryPeak): string[] {
  return [
    name,
    formatMb(peak.baselineRss),
    formatMb(peak.rssBytes),
    formatMb(peak.rssBytes - peak.baselineRss),
    formatMb(peak.heapBytes - peak.baselineHeap),
    formatMb(maxRssBytes()),
  ]
}

/** A step body that samples memory every 100 steps. */
function sampler(peak: MemoryPeak): () => void {
  let n = 0
  return () => {
    if (++n % 100 === 0) peak.sample()
  }
}

async function memory(engine: PersistentEngine): Promise<string[][]> {
  heading('4. peak memory of the 10 000-step chain (sampled every 100 steps; process maxRSS is cumulative)')
  const graph = chainGraph(10_000)
  const rows: string[][] = []
  for (const mode of ['sync', 'async'] as const) {
    const peak = new MemoryPeak()
    const tick = sampler(peak)
    await runBareEngine(
      graph,
      mode === 'sync'
        ? (): 'succeeded' => {
            tick()
            return 'succeeded'
          }
        : async (): Promise<'succeeded'> => {
            tick()
            return 'succeeded'
          },
    )
    rows.push(memoryRow(`engine (${mode} runNode)`, peak))
  }
  const peak = new MemoryPeak()
  await engine.run(graph, sampler(peak))
  rows.push(memoryRow('engine + persistence', peak))
  return rows
}

async function langGraphAtScale(chain1kMs: number, memoryRows: string[][]): Promise<void> {
  const graph = chainGraph(10_000)
  const perStep1k = usPerStep(chain1kMs, chainGraph(1000))
  if (chain1kMs > LANGGRAPH_SKIP_ABOVE_MS) {
    process.stdout.write(
      `\nlanggraph chain 10 000: skipped (the 1 000 chain took ${formatMs(chain1kMs)} ms > ${LANGGRAPH_SKIP_ABOVE_MS} ms)\n`,
    )
    return
  }
  const peak = new MemoryPeak()
  const tick = sampler(peak)
  // LangGraph runs its supersteps without yielding to timers, so the cap is enforced from inside a node.
  const controller = new AbortController()
  let steps = 0
  let start = Number.POSITIVE_INFINITY
  const buildStart = performance.now()
  const app = buildLangGraph(graph, () => {
    steps++
    tick()
    if (performance.now() - start > LANGGRAPH_10K_CAP_MS) controller.abort()
  })
  const buildMs = performance.now() - buildStart
  start = performance.now()
  let line: string
  try {
    await app.invoke(controller.signal)
    const ms = performance.now() - start
    line =
      `finished in ${formatMs(ms)} ms (${formatUs(usPerStep(ms, graph))} µs/step, ` +
      `${formatRatio(usPerStep(ms, graph) / perStep1k)} the 1k per-step cost)`
  } catch (err) {
    if (!controller.signal.aborted) throw err
    const ms = performance.now() - start
    line =
      `stopped at the ${LANGGRAPH_10K_CAP_MS} ms cap after ${steps} of 10 000 steps ` +
      `(${formatUs((ms * 1000) / Math.max(steps, 1))} µs/step so far vs ${formatUs(perStep1k)} at 1k; ` +
      'BENCH_LANGGRAPH_CAP_MS raises the cap)'
  }
  memoryRows.push(memoryRow('langgraph (one run)', peak))
  process.stdout.write(`langgraph chain 10 000 (build ${formatMs(buildMs)} ms, one run): ${line}\n`)
}

async function laterSections(engine: PersistentEngine, chain1kLangGraph: number): Promise<void> {
  await diamondOverhead(engine)
  await idlePerCall()
  await scaling(engine)
  const memoryRows = await memory(engine)
  await langGraphAtScale(chain1kLangGraph, memoryRows)
  process.stdout.write(
    `${renderTable(['10 000-step chain', 'rss before', 'peak rss', 'rss delta', 'heap delta', 'process maxRSS'], memoryRows)}\n`,
  )
}

async function main(): Promise<void> {
  setMaxListeners(100_000) // LangGraph adds one abort listener per task; keep its warnings out of the report
  if (!hasGc()) process.stdout.write('note: run with node --expose-gc (npm run bench) so runs start from a collected heap\n')
  const load = (): string =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')
  process.stdout.write(`node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} cpus, load average ${load()}\n`)
  const started = performance.now()
  if (!ONLY_SHAPES) startup()
  const engine = new PersistentEngine()
  try {
    const chain1kLangGraph = await compareOnShapes(engine)
    if (!ONLY_SHAPES) await laterSections(engine, chain1kLangGraph)
  } finally {
    engine.dispose()
  }
  heading('targets')
  process.stdout.write(`${renderTargets(targets)}\n`)
  process.stdout.write(`\nbench took ${formatMs((performance.now() - started) / 1000)} s; load average now ${load()}\n`)
}

await main()
