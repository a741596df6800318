/**
 * Starts a local model server we own and keeps it alive: spawns it on a port, waits for its
 * health check with a deadline (on timeout the child is killed and a `timeout` error names the
 * fix), moves to another port when the chosen one turns out to be taken, restarts it on the
 * same port with exponential backoff if it dies mid-run (a bounded number of times, reported
 * through onProgress), and stops it — SIGTERM, then SIGKILL — only when asked or when this
 * process exits. Nothing here runs a shell.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { abortedError, OrchestratorError } from '../errors'
import type { FoundBinary } from './find-binary'
import { isPortFree } from './free-port'
import type { LaunchProgressFn, LocalServerKind } from './launch-events'

export interface ManagedServerOptions {
  server: LocalServerKind
  binary: FoundBinary
  /** The server's own arguments for a port (appended to binary.args). */
  args: (port: number) => string[]
  env: (port: number) => NodeJS.ProcessEnv
  /** Base URL clients use for a port. */
  hostOf: (port: number) => string
  /** One health probe; true when the server answers as expected. */
  healthy: (host: string, signal: AbortSignal) => Promise<boolean>
  port: number
  pickPort: () => Promise<number>
  deadlineMs: number
  maxRestarts: number
  restartDelayMs: number
  onProgress?: LaunchProgressFn
  signal?: AbortSignal
  /** What to tell the user when it never becomes healthy. */
  fixHint: string
}

export interface ManagedServer {
  readonly host: string
  readonly pid: number
  readonly restarts: number
  stop(): Promise<void>
}

const PORT_ATTEMPTS = 3
const OUTPUT_TAIL = 2_000
const STOP_GRACE_MS = 5_000

interface Running {
  child: ChildProcess
  output: () => string
  exited: Promise<{ code: number | null; signal: string | null }>
}

function spawnServer(options: ManagedServerOptions, port: number): Running {
  const child = spawn(options.binary.command, [...options.binary.args, ...options.args(port)], {
    env: options.env(port),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let tail = ''
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.once('error', (err) => {
      keep(Buffer.from(`${err.message}\n`))
      resolve({ code: null, signal: null })
    })
    child.once('exit', (code, signal) => resolve({ code, signal }))
  })
  return { child, output: () => tail.trim(), exited }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done(): void {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}

async function kill(running: Running): Promise<void> {
  const { child } = running
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
  await running.exited
  clearTimeout(timer)
}

type WaitResult = { ok: true } | { ok: false; reason: 'exited' | 'deadline' | 'aborted' }

async function waitHealthy(options: ManagedServerOptions, host: string, running: Running): Promise<WaitResult> {
  const deadline = Date.now() + options.deadlineMs
  let exited = false
  const onExit = new AbortController()
  void running.exited.then(() => {
    exited = true
    onExit.abort()
  })
  let pause = 50
  for (;;) {
    if (options.signal?.aborted) return { ok: false, reason: 'aborted' }
    if (exited) return { ok: false, reason: 'exited' }
    const left = deadline - Date.now()
    if (left <= 0) return { ok: false, reason: 'deadline' }
    const probe = AbortSignal.timeout(Math.min(2_000, left))
    const signal = AbortSignal.any(options.signal ? [options.signal, probe, onExit.signal] : [probe, onExit.signal])
    if (await options.healthy(host, signal)) return exited ? { ok: false, reason: 'exited' } : { ok: true }
    await Promise.race([sleep(Math.min(pause, Math.max(0, deadline - Date.now())), options.signal), running.exited])
    pause = Math.min(pause * 2, 500)
  }
}

function notReady(options: ManagedServerOptions, host: string, running: Running): OrchestratorError {
  const output = running.output()
  return new OrchestratorError({
    kind: 'timeout',
    retryable: false,
    message: `${options.server} did not become ready at ${host} within ${Math.round(options.deadlineMs / 100) / 10} s; ${options.fixHint}${output ? `\nits last output:\n${output}` : ''}`,
  })
}

function failedToStart(options: ManagedServerOptions, running: Running): OrchestratorError {
  const output = running.output()
  return new OrchestratorError({
    kind: 'network',
    retryable: false,
    message: `${options.binary.command} exited before it was ready; ${options.fixHint}${output ? `\nits output:\n${output}` : ''}`,
  })
}

const cancelled = (): OrchestratorError => abortedError()

/** Spawns on `port` (or the next free ones) until healthy; throws after killing what it spawned. */
async function launch(options: ManagedServerOptions): Promise<{ running: Running; port: number }> {
  let port = options.port
  for (let busy = 0; !(await isPortFree(port)); busy++) {
    if (busy >= PORT_ATTEMPTS)
      throw new OrchestratorError({
        kind: 'network',
        retryable: false,
        message: `no free local port to start ${options.server} on; close other servers and try again`,
      })
    options.onProgress?.({ type: 'port_in_use', server: options.server, port })
    port = await options.pickPort()
  }
  for (let attempt = 1; ; attempt++) {
    const host = options.hostOf(port)
    options.onProgress?.({ type: 'starting', server: options.server, command: options.binary.command, host })
    const running = spawnServer(options, port)
    const result = await waitHealthy(options, host, running)
    if (result.ok) return { running, port }
    await kill(running)
    if (result.reason === 'aborted') throw cancelled()
    if (result.reason === 'deadline') throw notReady(options, host, running)
    if (attempt >= PORT_ATTEMPTS || (await isPortFree(port))) throw failedToStart(options, running)
    options.onProgress?.({ type: 'port_in_use', server: options.server, port })
    port = await options.pickPort()
  }
}

export async function startManagedServer(options: ManagedServerOptions): Promise<ManagedServer> {
  if (options.signal?.aborted) throw cancelled()
  const first = await launch(options)
  const port = first.port
  const host = options.hostOf(port)
  let current = first.running
  let restarts = 0
  let stopping = false
  const stopController = new AbortController()
  const killOnExit = (): void => {
    current.child.kill('SIGKILL')
  }
  process.once('exit', killOnExit)

  const supervise = (running: Running): void => {
    void running.exited.then(async ({ code, signal }) => {
      if (stopping || running !== current) return
      options.onProgress?.({ type: 'exited', server: options.server, code, signal, output: running.output() })
      while (!stopping) {
        if (restarts >= options.maxRestarts) {
          options.onProgress?.({
            type: 'gave_up',
            server: options.server,
            message: `${options.server} at ${host} died and was restarted ${restarts} time(s); giving up — ${options.fixHint}`,
          })
          return
        }
        restarts++
        const delayMs = options.restartDelayMs * 2 ** (restarts - 1)
        options.onProgress?.({ type: 'restarting', server: options.server, attempt: restarts, maxAttempts: options.maxRestarts, delayMs })
        await sleep(delayMs, stopController.signal)
        if (stopping) return
        const next = spawnServer(options, port)
        current = next
        const result = await waitHealthy({ ...options, signal: stopController.signal }, host, next)
        if (result.ok && !stopping) {
          options.onProgress?.({ type: 'restarted', server: options.server, host, pid: next.child.pid ?? 0 })
          supervise(next)
          return
        }
        await kill(next)
      }
    })
  }
  supervise(current)
  options.onProgress?.({ type: 'ready', server: options.server, host, pid: current.child.pid ?? 0 })

  return {
    host,
    get pid() {
      return current.child.pid ?? 0
    },
    get restarts() {
      return restarts
    },
    async stop() {
      if (stopping) return
      stopping = true
      stopController.abort()
      process.removeListener('exit', killOnExit)
      await kill(current)
      options.onProgress?.({ type: 'stopped', server: options.server })
    },
  }
}
