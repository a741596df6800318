/**
 * Idle time between model calls: a chain of steps through the real Ollama adapter and runJob
 * (run folder, events, manifest, SQLite, cache off) against the fake Ollama server answering
 * every /api/chat after a fixed latency (headers after LATENCY_MS; each step: one write_file
 * call, then an answer, so two calls per step). Idle per call = (the job's run phase − calls ×
 * latency) / calls; the same number of back-to-back timers of that latency shows how much of it
 * is the event loop's own timer lateness.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startJob } from '../src/core/engine/run-job'
import { startFakeOllama, type FakeScript } from '../src/core/providers/ollama/testing/fake-ollama-server'
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

const script: FakeScript = (req) => {
  const last = req.messages.at(-1)
  const step = /step (s\d+)/.exec(req.messages.find((m) => m.role === 'user')?.content ?? '')?.[1] ?? 'x'
  if (last?.role === 'tool') return { headerDelayMs: LATENCY_MS, text: [`${step} done`] }
  return { headerDelayMs: LATENCY_MS, toolCalls: [{ name: 'write_file', arguments: { path: `${step}.txt`, content: `${step}\n` } }] }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export interface IdleResult {
  calls: number
  runPhaseMs: number
  idlePerCallMs: number
  timerLatenessPerCallMs: number
}

export async function measureIdlePerCall(repetitions: number): Promise<IdleResult> {
  const server = await startFakeOllama(script)
  const dir = mkdtempSync(join(tmpdir(), 'uo-bench-idle-'))
  const specPath = join(dir, 'chain.yaml')
  writeFileSync(specPath, chainSpec(STEPS))
  const env = { OLLAMA_HOST: server.url }
  const idle: number[] = []
  const phases: number[] = []
  const lateness: number[] = []
  let calls = 0
  try {
    for (let r = 0; r <= repetitions; r++) {
      const before = server.requests.length
      const job = await startJob({ spec: specPath, runsDir: join(dir, 'runs'), env, noCache: true })
      const start = performance.now()
      const result = await job.done
      const ms = performance.now() - start
      if (result.status !== 'succeeded') throw new Error(`idle bench: the chain ended ${result.status}`)
      calls = server.requests.length - before
      const timerStart = performance.now()
      for (let i = 0; i < calls; i++) await sleep(LATENCY_MS)
      const timersMs = performance.now() - timerStart
      if (r === 0) continue // warm-up
      phases.push(ms)
      idle.push((ms - calls * LATENCY_MS) / calls)
      lateness.push((timersMs - calls * LATENCY_MS) / calls)
    }
  } finally {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  }
  return { calls, runPhaseMs: median(phases), idlePerCallMs: median(idle), timerLatenessPerCallMs: median(lateness) }
}
