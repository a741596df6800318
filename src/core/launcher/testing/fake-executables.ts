/**
 * Test helper: writes fake `ollama`, `mlx_lm.server` and `python3` executables (small Node
 * scripts) into a temp folder that tests put first on PATH. `ollama serve` listens on
 * OLLAMA_HOST's port and answers /api/version, /api/tags and /api/pull (ND-JSON progress);
 * `mlx_lm.server --model M --port P` answers /v1/models. Behaviour comes from env variables:
 * FAKE_LOG (one JSON line per start: pid, argv, tuned env), FAKE_MODELS, FAKE_HANG (listen but
 * never answer), FAKE_EXIT_AFTER_MS (first start only), FAKE_DIE_FILE (exit when it appears),
 * FAKE_PULL_STEPS, FAKE_PY_HAS_MLX. `killFakes` kills every process the log names.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { testTempDir } from '../../testing/test-temp-dir'

const SCRIPT = String.raw`#!/usr/bin/env node
const http = require('node:http')
const fs = require('node:fs')
const path = require('node:path')
const name = path.basename(process.argv[1])
const args = process.argv.slice(2)
const env = process.env
const arg = (flag) => { const i = args.indexOf(flag); return i === -1 ? undefined : args[i + 1] }

let kind
if (name === 'ollama') {
  if (args[0] === '--version' || args[0] === '-v') { console.log('ollama version is 0.0.0-fake'); process.exit(0) }
  if (args[0] !== 'serve') { console.error('fake ollama only serves'); process.exit(2) }
  kind = 'ollama'
} else if (name === 'python3') {
  if (args[0] === '-c') process.exit(env.FAKE_PY_HAS_MLX === '1' ? 0 : 1)
  if (args[0] === '-m' && args[1] === 'mlx_lm.server') kind = 'mlx'
  else process.exit(2)
} else kind = 'mlx'

let port
if (kind === 'ollama') {
  const raw = env.OLLAMA_HOST || '127.0.0.1:11434'
  port = Number(raw.replace(/^https?:\/\//, '').split(':').pop())
} else port = Number(arg('--port') || 8080)

let starts = 0
if (env.FAKE_LOG) {
  if (fs.existsSync(env.FAKE_LOG)) starts = fs.readFileSync(env.FAKE_LOG, 'utf8').split('\n').filter(Boolean).length
  const tuned = {}
  for (const k of Object.keys(env)) if (k.startsWith('OLLAMA_')) tuned[k] = env[k]
  fs.appendFileSync(env.FAKE_LOG, JSON.stringify({ pid: process.pid, kind, port, args, env: tuned }) + '\n')
}
const models = (env.FAKE_MODELS || '').split(',').filter(Boolean)
if (kind === 'mlx' && arg('--model')) models.unshift(arg('--model'))

const json = (res, status, body) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)) }
const server = http.createServer((req, res) => {
  if (env.FAKE_HANG === '1') return
  if (kind === 'ollama' && req.url === '/api/version') return json(res, 200, { version: '0.0.0-fake' })
  if (kind === 'ollama' && req.url === '/api/tags') return json(res, 200, { models: models.map((m) => ({ name: m, model: m, size: 1 })) })
  if (kind === 'ollama' && req.url === '/api/pull' && req.method === 'POST') {
    let body = ''
    req.on('data', (c) => { body += c })
    req.on('end', () => {
      const model = JSON.parse(body).model
      res.writeHead(200, { 'content-type': 'application/x-ndjson' })
      if (model.includes('missing')) { res.end(JSON.stringify({ error: 'pull model manifest: file does not exist' }) + '\n'); return }
      const steps = Number(env.FAKE_PULL_STEPS || 5)
      const total = 1000
      const lines = [{ status: 'pulling manifest' }]
      for (let i = 1; i <= steps; i++) lines.push({ status: 'pulling abc123', digest: 'sha256:abc123', total, completed: Math.round((total * i) / steps) })
      lines.push({ status: 'verifying sha256 digest' }, { status: 'writing manifest' }, { status: 'success' })
      let i = 0
      const next = () => {
        if (i >= lines.length) { models.push(model); res.end(); return }
        res.write(JSON.stringify(lines[i++]) + '\n')
        setTimeout(next, 5)
      }
      next()
    })
    return
  }
  if (kind === 'mlx' && req.url === '/v1/models') return json(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0 })) })
  json(res, 404, { error: 'not found' })
})
server.on('error', (err) => { console.error('Error: listen tcp 127.0.0.1:' + port + ': ' + err.code); process.exit(1) })
server.listen(port, '127.0.0.1', () => console.log('fake ' + kind + ' listening on ' + port))
if (env.FAKE_EXIT_AFTER_MS && starts === 0) setTimeout(() => { console.error('fake crash'); process.exit(3) }, Number(env.FAKE_EXIT_AFTER_MS))
if (env.FAKE_DIE_FILE) setInterval(() => { if (fs.existsSync(env.FAKE_DIE_FILE)) { fs.rmSync(env.FAKE_DIE_FILE); process.exit(4) } }, 25)
process.on('SIGTERM', () => process.exit(0))
`

export interface FakeBin {
  dir: string
  log: string
  /** An env whose PATH starts with the fakes' folder (node stays reachable). */
  env(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv
  /** Parsed FAKE_LOG lines: one per process start. */
  starts(): { pid: number; kind: string; port: number; args: string[]; env: Record<string, string> }[]
}

export function writeFakeExecutables(names: readonly ('ollama' | 'mlx_lm.server' | 'python3')[]): FakeBin {
  const dir = testTempDir('uo-fakebin-')
  for (const name of names) {
    const file = join(dir, name)
    writeFileSync(file, SCRIPT)
    chmodSync(file, 0o755)
  }
  const log = join(dir, 'starts.log')
  return {
    dir,
    log,
    env: (extra = {}) => ({ PATH: `${dir}${delimiter}${process.env.PATH ?? ''}`, FAKE_LOG: log, ...extra }),
    starts: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as ReturnType<FakeBin['starts']>[number])
        : [],
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

export function killFakes(bin: FakeBin): void {
  for (const start of bin.starts()) {
    if (isAlive(start.pid)) process.kill(start.pid, 'SIGKILL')
  }
}
