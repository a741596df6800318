/**
 * Idle time between model calls: a chain of steps through the real Ollama adapter and runJob
 * (run folder, events, manifest, SQLite, cache off) against the fake Ollama server answering
 * every /api/chat after a fixed latency (headers after LATENCY_MS; each step: one write_file
 * call, then an answer, so two calls per step). The server runs in a worker thread
 * (idle-server-worker.ts), as Ollama runs beside the engine: its own parsing is not counted and
 * its latency runs while the engine works. Idle per call = (the job's run phase − calls ×
 * latency) / calls; the same number of back-to-back timers of that latency shows how much of it
 * is the event loop's own timer lateness, and as many bare requests to the server (by a plain
 * node:http client, and by our node-http-fetch) how much is the HTTP round trip itself. The server also stamps when
 * each request arrives: the gap between one call's answer (arrival + latency) and the next call's
 * arrival, inside a job, is the idle time as Ollama sees it — without the job's set-up, preflight
 * and close, which the run-phase figure spreads over its calls.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import http from 'node:http'
import { Worker } from 'node:worker_threads'
import { startJob } from '../src/core/engine/run-job'
import { createNodeHttpFetch } from '../src/core/providers/http/node-http-fetch'
import { formatMs, median, type TargetResult } from './stats'

export const LATENCY_MS = 20
const STEPS = 20

function chainSpec(n: number): string {
  const steps = Array.from({ length: n }, (_, i) => {
    const needs = i === 0 ? '' : `, needs: [s${i - 1}]`
    return `  - { id: s${i}, agent: writer, prompt: "step s${i}: write s${i}.txt"${needs} }`
  })
  return [
    'project: idle',
    'task: a chain',
    'provider: ollama',
    'model: qwen3.5',
    'defaults: { retries: 0 }',
    'agents:',
    '  writer: { role: Writer, system: You write one file., tools: [write_file], must_write_files: true }',
    'steps:',
    ...steps,
    '',
  ].join('\n')
}

interface LatencyServer {
  url: string
  requests(): number
  /** When each chat request arrived, on the server thread's clock. */
  arrivals(): readonly number[]
  close(): Promise<void>
}

/** The server worker, built beside this bench (scripts/build-cli.mjs). */
async function startLatencyServer(): Promise<LatencyServer> {
  // Beside the bench entry, or one level up when this module was split into out/chunks/.
  const here = new URL('./idle-server-worker.mjs', import.meta.url)
  const file = existsSync(here) ? here : new URL('../bench/idle-server-worker.mjs', import.meta.url)
  const worker = new Worker(file, { workerData: { latencyMs: LATENCY_MS } })
  let requests = 0
  const arrivals: number[] = []
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('error', reject)
    worker.on('message', (m: { url?: string; requests?: number; arrivedMs?: number }) => {
      if (m.url !== undefined) resolve(m.url)
      if (m.requests !== undefined) requests = m.requests
      if (m.arrivedMs !== undefined) arrivals.push(m.arrivedMs)
    })
  })
  return {
    url,
    requests: () => requests,
    arrivals: () => arrivals,
    close: () =>
      new Promise<void>((resolve) => {
        worker.once('exit', () => resolve())
        worker.postMessage('close')
      }),
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export interface IdleResult {
  calls: number
  runPhaseMs: number
  idlePerCallMs: number
  timerLatenessPerCallMs: number
  /** Mean gap between a call's answer and the next call's arrival at the server, inside a job. */
  gapPerCallMs: number
  /** The same number of chat requests by a plain node:http keep-alive client: what any client pays. */
  plainRoundTripPerCallMs: number
  /** The same number of bare chat requests to the same server (node-http-fetch, body read whole): the transport's own share. */
  roundTripPerCallMs: number
}

const CHAT_BODY = JSON.stringify({ model: 'qwen3.5', messages: [{ role: 'user', content: 'step s0: write s0.txt' }], stream: true })

/** Per call, what `calls` sequential runs of `one` take beyond the server's latency. */
async function beyondLatency(calls: number, one: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  for (let i = 0; i < calls; i++) await one()
  return (performance.now() - started - calls * LATENCY_MS) / calls
}

/** Per call, what `calls` bare chat requests through our node-http-fetch take beyond the latency. */
function bareRoundTrips(url: string, calls: number): Promise<number> {
  const fetch = createNodeHttpFetch()
  return beyondLatency(calls, async () => (await fetch(`${url}/api/chat`, { method: 'POST', body: CHAT_BODY })).text())
}

/** Mean of (next arrival − this arrival − latency) over consecutive calls of one job. */
function meanGap(arrivals: readonly number[]): number {
  let sum = 0
  for (let i = 1; i < arrivals.length; i++) sum += arrivals[i]! - arrivals[i - 1]! - LATENCY_MS
  return sum / Math.max(1, arrivals.length - 1)
}

/** The worker's messages can trail the job's end by a tick. */
async function waitForArrivals(server: LatencyServer, count: number): Promise<void> {
  for (let i = 0; i < 100 && server.arrivals().length < count; i++) await sleep(1)
}

/** Per call, what `calls` requests by a plain node:http keep-alive client take beyond the latency. */
async function plainRoundTrips(url: string, calls: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true })
  const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(CHAT_BODY)) }
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = http.request(`${url}/api/chat`, { method: 'POST', agent, headers }, (res) => {
        res.on('data', () => undefined)
        res.on('end', resolve)
      })
      req.on('error', reject)
      req.end(CHAT_BODY)
    })
  try {
    return await beyondLatency(calls, one)
  } finally {
    agent.destroy()
  }
}

export async function measureIdlePerCall(repetitions: number): Promise<IdleResult> {
  const server = await startLatencyServer()
  const dir = mkdtempSync(join(tmpdir(), 'uo-bench-idle-'))
  const specPath = join(dir, 'chain.yaml')
  writeFileSync(specPath, chainSpec(STEPS))
  const env = { OLLAMA_HOST: server.url }
  const idle: number[] = []
  const phases: number[] = []
  const lateness: number[] = []
  const roundTrips: number[] = []
  const gaps: number[] = []
  const plainTrips: number[] = []
  let calls = 0
  try {
    for (let r = 0; r <= repetitions; r++) {
      const before = server.requests()
      const job = await startJob({ spec: specPath, runsDir: join(dir, 'runs'), env, noCache: true })
      const start = performance.now()
      const result = await job.done
      const ms = performance.now() - start
      if (result.status !== 'succeeded') throw new Error(`idle bench: the chain ended ${result.status}`)
      calls = server.requests() - before
      await waitForArrivals(server, before + calls)
      const timerLateness = await beyondLatency(calls, () => sleep(LATENCY_MS))
      if (r === 0) continue // warm-up
      phases.push(ms)
      idle.push((ms - calls * LATENCY_MS) / calls)
      lateness.push(timerLateness)
      gaps.push(meanGap(server.arrivals().slice(before, before + calls)))
      roundTrips.push(await bareRoundTrips(server.url, calls))
      plainTrips.push(await plainRoundTrips(server.url, calls))
    }
  } finally {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  }
  return {
    calls,
    runPhaseMs: median(phases),
    idlePerCallMs: median(idle),
    timerLatenessPerCallMs: median(lateness),
    gapPerCallMs: median(gaps),
    roundTripPerCallMs: median(roundTrips),
    plainRoundTripPerCallMs: median(plainTrips),
  }
}

const IDLE_TARGET_MS = 2

const engineShare = (r: IdleResult): number => r.gapPerCallMs - r.plainRoundTripPerCallMs

export function idleRows(r: IdleResult): string[][] {
  return [
    ['model calls per run', String(r.calls)],
    ['run phase (startJob done)', `${formatMs(r.runPhaseMs)} ms`],
    ['idle per call (run phase − calls × latency) / calls', `${formatMs(r.idlePerCallMs)} ms`],
    ['of which timer lateness (same number of bare timers)', `${formatMs(r.timerLatenessPerCallMs)} ms`],
    ['a bare round trip beyond the latency: plain node:http client (any client’s floor)', `${formatMs(r.plainRoundTripPerCallMs)} ms`],
    ['a bare round trip beyond the latency: node-http-fetch, our transport', `${formatMs(r.roundTripPerCallMs)} ms`],
    ['idle between calls as the server sees it (answer → next request, inside a job)', `${formatMs(r.gapPerCallMs)} ms`],
    ['the engine’s own share (server-seen idle − plain client’s floor)', `${formatMs(engineShare(r))} ms`],
  ]
}

export function idleTargets(r: IdleResult): TargetResult[] {
  const goal = `≤ ${IDLE_TARGET_MS} ms`
  return [
    {
      label: 'idle per call, whole run phase (set-up, preflight, close included)',
      measured: `${formatMs(r.idlePerCallMs)} ms`,
      target: goal,
      pass: r.idlePerCallMs <= IDLE_TARGET_MS,
    },
    {
      label: 'idle between model calls, as the server sees it',
      measured: `${formatMs(r.gapPerCallMs)} ms`,
      target: goal,
      pass: r.gapPerCallMs <= IDLE_TARGET_MS,
    },
  ]
}
