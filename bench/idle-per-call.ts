/**
 * Idle time between model calls: a chain of steps through the real Ollama adapter and runJob
 * (run folder, events, manifest, SQLite, cache off) against the fake Ollama server answering
 * every /api/chat after a fixed latency (headers after LATENCY_MS; each step: one write_file
 * call, then an answer, so two calls per step). The server runs in a worker thread
 * (idle-server-worker.ts), as Ollama runs beside the engine: its own parsing is not counted and
 * its latency runs while the engine works. Idle per call = (the job's run phase − calls ×
 * latency) / calls; the same number of back-to-back timers of that latency shows how much of it
 * is the event loop's own timer lateness, and as many bare requests to the server how much is the
 * HTTP round trip itself (the floor no engine change can go below).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { startJob } from '../src/core/engine/run-job'
import { createNodeHttpFetch } from '../src/core/providers/http/node-http-fetch'
import { median } from './stats'

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
  close(): Promise<void>
}

/** The server worker, built beside this bench (scripts/build-cli.mjs). */
async function startLatencyServer(): Promise<LatencyServer> {
  const worker = new Worker(new URL('./idle-server-worker.mjs', import.meta.url), { workerData: { latencyMs: LATENCY_MS } })
  let requests = 0
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('error', reject)
    worker.on('message', (m: { url?: string; requests?: number }) => {
      if (m.url !== undefined) resolve(m.url)
      if (m.requests !== undefined) requests = m.requests
    })
  })
  return {
    url,
    requests: () => requests,
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
  /** The same number of bare chat requests to the same server (node-http-fetch, body read whole): the transport's own share. */
  roundTripPerCallMs: number
}

/** Per call, what `calls` bare chat requests take beyond the server's latency. */
async function bareRoundTrips(url: string, calls: number): Promise<number> {
  const fetch = createNodeHttpFetch()
  const body = JSON.stringify({ model: 'qwen3.5', messages: [{ role: 'user', content: 'step s0: write s0.txt' }], stream: true })
  const started = performance.now()
  for (let i = 0; i < calls; i++) await (await fetch(`${url}/api/chat`, { method: 'POST', body })).text()
  return (performance.now() - started - calls * LATENCY_MS) / calls
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
      const timerStart = performance.now()
      for (let i = 0; i < calls; i++) await sleep(LATENCY_MS)
      const timersMs = performance.now() - timerStart
      if (r === 0) continue // warm-up
      phases.push(ms)
      idle.push((ms - calls * LATENCY_MS) / calls)
      lateness.push((timersMs - calls * LATENCY_MS) / calls)
      roundTrips.push(await bareRoundTrips(server.url, calls))
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
    roundTripPerCallMs: median(roundTrips),
  }
}
