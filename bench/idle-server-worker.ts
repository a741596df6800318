/**
 * The fixed-latency server of the idle bench (idle-per-call.ts) in a worker thread, as a real
 * Ollama runs beside the engine and not on its event loop: the fake Ollama server answering every
 * /api/chat after the latency it is given (a write_file call first, the answer after the tool result). It posts
 * its URL, then keeps, for each chat request, when it arrived (epoch ms, once the body is read, as
 * Ollama reads it before it schedules the model) and when its answer was finished (the response's
 * last byte handed to the socket). It posts them only when asked ('stamps'), between jobs, so no
 * message lands on the engine's thread while it is being measured; 'close' stops it.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { startFakeOllama, type FakeScript } from '../src/core/providers/ollama/testing/fake-ollama-server'

const LATENCY_MS = (workerData as { latencyMs: number }).latencyMs
/** Epoch milliseconds, so the bench can set these stamps beside its own thread's clock. */
const now = (): number => performance.timeOrigin + performance.now()

const arrivals: number[] = []
const finishes: number[] = []

const script: FakeScript = (req) => {
  arrivals.push(now())
  // The fake pushes the request's record before it asks the script for the reply.
  const index = arrivals.length - 1
  void server.requests.at(-1)?.closed.then(() => {
    finishes[index] = now()
  })
  const last = req.messages.at(-1)
  const step = /step (s\d+)/.exec(req.messages.find((m) => m.role === 'user')?.content ?? '')?.[1] ?? 'x'
  if (last?.role === 'tool') return { headerDelayMs: LATENCY_MS, text: [`${step} done`] }
  return { headerDelayMs: LATENCY_MS, toolCalls: [{ name: 'write_file', arguments: { path: `${step}.txt`, content: `${step}\n` } }] }
}

const server = await startFakeOllama(script)
parentPort?.on('message', (message) => {
  if (message === 'stamps') parentPort?.postMessage({ stamps: { arrivals, finishes } })
  if (message === 'close') void server.close().then(() => process.exit(0))
})
parentPort?.postMessage({ url: server.url })
