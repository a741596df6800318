/**
 * Idle time between model calls: a chain of steps through the real Ollama adapter and runJob
 * (run folder, events, manifest, SQLite, cache off) against the fake Ollama server answering
 * every /api/chat after a fixed latency (headers after LATENCY_MS; each step: one write_file
 * call, then an answer, so two calls per step). The server runs in a worker thread
 * (idle-server-worker.ts), as Ollama runs beside the engine: its own parsing is not counted and
 * its latency runs while the engine works. The server stamps when each request arrives and when
 * its answer is finished: the gap from one answer's end to the next request's arrival, inside a
 * job, is the idle time as Ollama sees it (the engine reading the stream, running the tool,
 * persisting the step, building the next request, and the loopback both ways). The same gap for
 * as many back-to-back bare requests — by a plain node:http keep-alive client, and by our
 * node-http-fetch — is the transport's floor. The run-phase figure ((the job's run phase − calls ×
 * latency) / calls) also spreads the job's set-up, preflight and close, and the server's own
 * time, over its calls; back-to-back timers of the latency show the event loop's timer lateness.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import http from 'node:http'
import { Worker } from 'node:worker_threads'
import { startJob } from '../src/core/engine/run-job'
import { watchRequestStarts } from './client-gaps'
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
  /** Fetches the server's stamps (it sends them only when asked, never while a job is measured). */
  refresh(): Promise<void>
  /** As of the last refresh: how many chat requests arrived. */
  requests(): number
  /** When each chat request arrived at the server, on this thread's performance.now() clock. */
  arrivals(): readonly number[]
  /** When the server finished each chat answer, in the same order and clock (a hole while one is unfinished). */
  finishes(): readonly number[]
  close(): Promise<void>
}

interface Stamps {
  arrivals: number[]
  finishes: number[]
}

/** The server worker, built beside this bench (scripts/build-cli.mjs). */
async function startLatencyServer(): Promise<LatencyServer> {
  // Beside the bench entry, or one level up when this module was split into out/chunks/.
  const here = new URL('./idle-server-worker.mjs', import.meta.url)
  const file = existsSync(here) ? here : new URL('../bench/idle-server-worker.mjs', import.meta.url)
  const worker = new Worker(file, { workerData: { latencyMs: LATENCY_MS } })
  let arrivals: number[] = []
  let finishes: number[] = []
  let waiting: (() => void) | undefined
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('error', reject)
    worker.on('message', (m: { url?: string; stamps?: Stamps }) => {
      if (m.url !== undefined) resolve(m.url)
      if (m.stamps) {
        arrivals = m.stamps.arrivals.map((ms) => ms - performance.timeOrigin)
        finishes = Array.from(m.stamps.finishes, (ms) => (ms === undefined ? Number.NaN : ms - performance.timeOrigin))
        waiting?.()
      }
    })
  })
  return {
    url,
    refresh: () =>
      new Promise<void>((resolve) => {
        waiting = resolve
        worker.postMessage('stamps')
      }),
    requests: () => arrivals.length,
    arrivals: () => arrivals,
    finishes: () => finishes,
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
  /** Mean gap from a call's answer's end to the next call's arrival at the server, inside a job. */
  gapPerCallMs: number
  /** Of the gap inside a job, the engine's side: the server's answer finished → the engine creates the next request. */
  clientGapPerCallMs: number
  /** The same gap for back-to-back requests by a plain node:http keep-alive client: what any client pays. */
  plainGapPerCallMs: number
  /** The same gap for back-to-back bare chat requests through node-http-fetch (body read whole): our transport's own share. */
  fetchGapPerCallMs: number
}

const CHAT_BODY = JSON.stringify({ model: 'qwen3.5', messages: [{ role: 'user', content: 'step s0: write s0.txt' }], stream: true })

/** Per call, what `calls` sequential runs of `one` take beyond the server's latency. */
async function beyondLatency(calls: number, one: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  for (let i = 0; i < calls; i++) await one()
  return (performance.now() - started - calls * LATENCY_MS) / calls
}

/** Mean of (next arrival − this answer's end) over the calls the server saw from index `from` on. */
function meanGap(server: LatencyServer, from: number, count: number): number {
  const arrivals = server.arrivals()
  const finishes = server.finishes()
  let sum = 0
  for (let i = from + 1; i < from + count; i++) sum += arrivals[i]! - finishes[i - 1]!
  return sum / Math.max(1, count - 1)
}

/** Mean of (the engine creates request i + 1 − the server finished answer i). */
function engineSide(finishes: readonly number[], starts: readonly number[]): number {
  if (starts.length !== finishes.length) throw new Error(`idle bench: ${starts.length} requests created, ${finishes.length} answered`)
  let sum = 0
  for (let i = 1; i < starts.length; i++) sum += starts[i]! - finishes[i - 1]!
  return sum / Math.max(1, starts.length - 1)
}

/** Refreshes the server's stamps until every request that arrived has its answer stamped (a finish can trail the client's last read by a tick). */
async function settled(server: LatencyServer): Promise<void> {
  const stamped = (): number => server.finishes().filter((ms) => !Number.isNaN(ms)).length
  for (let i = 0; i < 100; i++) {
    await server.refresh()
    if (stamped() === server.arrivals().length) return
    await sleep(1)
  }
  throw new Error(`idle bench: the server stamped ${stamped()} of ${server.arrivals().length} answers`)
}

/** Server-seen gap of `calls` back-to-back runs of `one` (each one chat request). */
async function backToBackGap(server: LatencyServer, calls: number, one: () => Promise<unknown>): Promise<number> {
  await server.refresh()
  const from = server.requests()
  for (let i = 0; i < calls; i++) await one()
  await settled(server)
  return meanGap(server, from, calls)
}

function fetchOne(url: string): () => Promise<unknown> {
  const fetch = createNodeHttpFetch()
  return async () => (await fetch(`${url}/api/chat`, { method: 'POST', body: CHAT_BODY })).text()
}

function plainOne(url: string, agent: http.Agent): () => Promise<void> {
  const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(CHAT_BODY)) }
  return () =>
    new Promise((resolve, reject) => {
      const req = http.request(`${url}/api/chat`, { method: 'POST', agent, headers }, (res) => {
        res.on('data', () => undefined)
        res.on('end', resolve)
      })
      req.on('error', reject)
      req.end(CHAT_BODY)
    })
}

export async function measureIdlePerCall(repetitions: number): Promise<IdleResult> {
  const server = await startLatencyServer()
  const dir = mkdtempSync(join(tmpdir(), 'uo-bench-idle-'))
  const specPath = join(dir, 'chain.yaml')
  writeFileSync(specPath, chainSpec(STEPS))
  const env = { OLLAMA_HOST: server.url }
  const agent = new http.Agent({ keepAlive: true })
  const requestStarts = watchRequestStarts()
  const samples = {
    client: [] as number[],
    idle: [] as number[],
    phases: [] as number[],
    lateness: [] as number[],
    gaps: [] as number[],
    plain: [] as number[],
    fetch: [] as number[],
  }
  let calls = 0
  try {
    for (let r = 0; r <= repetitions; r++) {
      await server.refresh()
      const before = server.requests()
      requestStarts.mark()
      const job = await startJob({ spec: specPath, runsDir: join(dir, 'runs'), env, noCache: true })
      const start = performance.now()
      const result = await job.done
      const ms = performance.now() - start
      if (result.status !== 'succeeded') throw new Error(`idle bench: the chain ended ${result.status}`)
      await settled(server)
      calls = server.requests() - before
      const timerLateness = await beyondLatency(calls, () => sleep(LATENCY_MS))
      if (r === 0) continue // warm-up
      samples.phases.push(ms)
      samples.idle.push((ms - calls * LATENCY_MS) / calls)
      samples.lateness.push(timerLateness)
      samples.gaps.push(meanGap(server, before, calls))
      samples.client.push(engineSide(server.finishes().slice(before, before + calls), requestStarts.sinceMark()))
      samples.fetch.push(await backToBackGap(server, calls, fetchOne(server.url)))
      samples.plain.push(await backToBackGap(server, calls, plainOne(server.url, agent)))
    }
  } finally {
    agent.destroy()
    requestStarts.close()
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  }
  return {
    calls,
    runPhaseMs: median(samples.phases),
    idlePerCallMs: median(samples.idle),
    timerLatenessPerCallMs: median(samples.lateness),
    gapPerCallMs: median(samples.gaps),
    clientGapPerCallMs: median(samples.client),
    fetchGapPerCallMs: median(samples.fetch),
    plainGapPerCallMs: median(samples.plain),
  }
}

const IDLE_TARGET_MS = 2

export function idleRows(r: IdleResult): string[][] {
  return [
    ['model calls per run', String(r.calls)],
    ['run phase (startJob done)', `${formatMs(r.runPhaseMs)} ms`],
    [
      'run phase per call beyond the latency (set-up, preflight, close and the server’s own time included)',
      `${formatMs(r.idlePerCallMs)} ms`,
    ],
    ['of which timer lateness (same number of bare timers)', `${formatMs(r.timerLatenessPerCallMs)} ms`],
    [
      'idle as the server sees it, back-to-back bare requests: plain node:http client (any client’s floor)',
      `${formatMs(r.plainGapPerCallMs)} ms`,
    ],
    ['idle as the server sees it, back-to-back bare requests: node-http-fetch, our transport', `${formatMs(r.fetchGapPerCallMs)} ms`],
    ['idle between model calls as the server sees it (answer’s end → next request, inside a job)', `${formatMs(r.gapPerCallMs)} ms`],
    ['of which the engine’s side (the answer finished → the engine creates the next request)', `${formatMs(r.clientGapPerCallMs)} ms`],
  ]
}

export function idleTargets(r: IdleResult): TargetResult[] {
  return [
    {
      label: 'idle between model calls, as the server sees it',
      measured: `${formatMs(r.gapPerCallMs)} ms`,
      target: `≤ ${IDLE_TARGET_MS} ms`,
      pass: r.gapPerCallMs <= IDLE_TARGET_MS,
    },
  ]
}
