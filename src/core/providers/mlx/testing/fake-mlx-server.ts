/**
 * Test launcher for fake-mlx-server.py (a Python http.server built like mlx_lm.server): spawns
 * `python3` on a free port, waits until GET /health answers, and drives it through its JSON
 * script file. `requests` reads the server's request log (what arrived, how each ended), so a
 * test can check what the adapter sent and whether the server saw the client go away.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

interface MlxToken {
  text?: string
  reasoning?: string
  tool_calls?: { name: string; arguments: unknown; id?: string }[]
}

export interface MlxReply {
  tokens?: MlxToken[]
  prompt_tokens?: number
  completion_tokens?: number
  keepalive?: { total: number; step: number; delay_ms?: number }
  delay_ms?: number
  header_delay_ms?: number
  ending?: 'done' | 'cut' | 'stall'
  stall_ms?: number
  json_reply?: boolean
  drop?: boolean
  /** Answer as do_POST does for a path it has no handler for: 404, body "Not Found". */
  route_not_found?: boolean
  status?: number
  error?: string
  headers?: Record<string, string>
}

export interface MlxScript {
  models: string[]
  /** 'required' (mlx-lm since #1001: 411 without it) or 'int' (older: the connection drops). */
  content_length?: 'required' | 'int'
  /** The server's --max-tokens (mlx_lm.server's default is 512). */
  max_tokens?: number
  replies: MlxReply[]
  /** Replies chosen by the request: the first route whose conditions hold wins over `replies`. */
  routes?: { system_contains: string; after_tool_result?: boolean; reply: MlxReply }[]
}

type MlxOutcome =
  'arrived' | 'done' | 'cut' | 'stalled' | 'client_gone' | 'dropped' | 'error' | 'not_found' | '411' | 'invalid_json' | 'not_a_dict'

interface MlxLoggedRequest {
  n: number
  path: string
  headers: Record<string, string>
  body?: Record<string, unknown>
  max_tokens?: number
  outcome: MlxOutcome
  reason?: string
}

export interface FakeMlxServer {
  /** Base URL as MLX_BASE_URL takes it (ends in /v1). */
  url: string
  /** http://127.0.0.1:<port>, without /v1. */
  origin: string
  script: MlxScript
  setScript(script: MlxScript): void
  /** Requests in arrival order, each with its latest state ('arrived' while it runs). */
  requests(): MlxLoggedRequest[]
  /** Resolves with request `n`'s log entry once it has ended. */
  outcomeOf(n: number, timeoutMs?: number): Promise<MlxLoggedRequest>
  close(): Promise<void>
}

const SERVER_PY = fileURLToPath(new URL('./fake-mlx-server.py', import.meta.url))
const START_TIMEOUT_MS = 15_000

function waitForPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    const timer = setTimeout(() => reject(new Error(`fake-mlx-server did not start: ${err}`)), START_TIMEOUT_MS)
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8')
      const match = /listening (\d+)/.exec(out)
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    })
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')))
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`fake-mlx-server exited (${code}): ${err}`))
    })
  })
}

async function waitForHealth(origin: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS
  for (;;) {
    try {
      const res = await fetch(`${origin}/health`)
      if (res.ok && ((await res.json()) as { status?: string }).status === 'ok') return
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error('fake-mlx-server never answered /health')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

export async function startFakeMlx(initial: MlxScript): Promise<FakeMlxServer> {
  const dir = mkdtempSync(join(tmpdir(), 'fake-mlx-'))
  const scriptPath = join(dir, 'script.json')
  const logPath = join(dir, 'requests.jsonl')
  let script = initial
  writeFileSync(scriptPath, JSON.stringify(script))
  writeFileSync(logPath, '')
  const child = spawn('python3', ['-u', SERVER_PY, '--port', '0', '--script', scriptPath, '--log', logPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let port: number
  try {
    port = await waitForPort(child)
  } catch (err) {
    child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
    throw err
  }
  const origin = `http://127.0.0.1:${port}`
  await waitForHealth(origin)
  const requests = (): MlxLoggedRequest[] => {
    const byNumber = new Map<number, MlxLoggedRequest>()
    for (const line of readFileSync(logPath, 'utf8').split('\n')) {
      if (line.trim() === '') continue
      const entry = JSON.parse(line) as MlxLoggedRequest
      byNumber.set(entry.n, entry)
    }
    return [...byNumber.values()].sort((a, b) => a.n - b.n)
  }
  return {
    url: `${origin}/v1`,
    origin,
    get script() {
      return script
    },
    setScript(next) {
      script = next
      writeFileSync(scriptPath, JSON.stringify(next))
    },
    requests,
    async outcomeOf(n, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const found = requests().find((r) => r.n === n)
        if (found && found.outcome !== 'arrived') return found
        if (Date.now() > deadline) throw new Error(`request ${n} did not end within ${timeoutMs} ms`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    },
    async close() {
      child.kill('SIGTERM')
      await exited
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
