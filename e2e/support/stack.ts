/**
 * Starts what one E2E spec file runs against: a scripted fake Ollama server in the Playwright
 * worker, and the real browser-mode server (`node bin/orchestrator.mjs ui --port 0 --runs-dir
 * <tmp>`) as a child process with OLLAMA_HOST pointing at the fake. The URL printed by the server
 * (`http://127.0.0.1:<port>/#token=<token>`) is parsed from its stdout. `close` stops both and
 * removes the temp folder. Needs `npm run build` first (out/cli and out/renderer).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import {
  startFakeOllama,
  type FakeOllama,
  type FakeOllamaOptions,
  type FakeScript,
} from '../../src/core/providers/ollama/testing/fake-ollama-server'

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..')
const URL_PATTERN = /(http:\/\/127\.0\.0\.1:(\d+))\/#token=([A-Za-z0-9_-]+)/
const START_TIMEOUT_MS = 20_000

export interface Stack {
  /** Page URL including the token fragment. */
  url: string
  origin: string
  token: string
  runsDir: string
  ollama: FakeOllama
  /** Everything the server printed (for failure messages). */
  output(): string
  close(): Promise<void>
}

function assertBuilt(): void {
  for (const path of ['out/cli/orchestrator.mjs', 'out/renderer/index.html']) {
    if (!existsSync(join(REPO_ROOT, path))) throw new Error(`${path} is missing: run \`npm run build\` before the E2E tests`)
  }
}

function waitForUrl(child: ChildProcess, output: () => string): Promise<RegExpExecArray> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`orchestrator ui printed no URL within ${START_TIMEOUT_MS} ms:\n${output()}`)),
      START_TIMEOUT_MS,
    )
    const check = (): void => {
      const match = URL_PATTERN.exec(output())
      if (match) {
        clearTimeout(timer)
        resolvePromise(match)
      }
    }
    child.stdout?.on('data', check)
    child.stderr?.on('data', check)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`orchestrator ui exited with ${code ?? 'a signal'} before printing its URL:\n${output()}`))
    })
  })
}

export async function startStack(script: FakeScript, ollamaOptions?: FakeOllamaOptions): Promise<Stack> {
  assertBuilt()
  const ollama = await startFakeOllama(script, ollamaOptions)
  const dir = mkdtempSync(join(tmpdir(), 'uo-e2e-'))
  const runsDir = join(dir, 'runs')
  let log = ''
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/orchestrator.mjs'), 'ui', '--port', '0', '--runs-dir', runsDir], {
    cwd: REPO_ROOT,
    env: { ...process.env, OLLAMA_HOST: ollama.url, NO_COLOR: '1', HOME: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (log += chunk))
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (log += chunk))
  let match: RegExpExecArray
  try {
    match = await waitForUrl(child, () => log)
  } catch (err) {
    child.kill('SIGKILL')
    await ollama.close()
    rmSync(dir, { recursive: true, force: true })
    throw err
  }
  const exited = new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())))
  return {
    url: match[0],
    origin: match[1] ?? '',
    token: match[3] ?? '',
    runsDir,
    ollama,
    output: () => log,
    async close() {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
      await ollama.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
