/**
 * Starts what one E2E spec file runs against: a scripted fake Ollama server in the Playwright
 * worker, and the real browser-mode server (`node bin/orchestrator.mjs ui --port 0 --runs-dir
 * <tmp>`) as a child process with OLLAMA_HOST pointing at the fake. The URL printed by the server
 * (`http://127.0.0.1:<port>/#token=<token>`) is parsed from its stdout. `crash` kills the server
 * with SIGKILL (a run in it is left `running` on disk) and `restart` starts a new one on the same
 * runs folder (new port and token). `close` stops everything and removes the temp folder.
 * Needs `npm run build` first (out/cli and out/renderer).
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
  /** Page URL including the token fragment (changes on restart). */
  url: string
  origin: string
  token: string
  port: number
  runsDir: string
  ollama: FakeOllama
  /** Everything the server printed (for failure messages). */
  output(): string
  /** SIGKILL the server, as a crash would. */
  crash(): Promise<void>
  /** Start a new server on the same runs folder. */
  restart(): Promise<void>
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

interface UiProcess {
  url: string
  origin: string
  token: string
  port: number
  exited: Promise<void>
  child: ChildProcess
}

async function spawnUi(
  runsDir: string,
  home: string,
  ollamaUrl: string,
  append: (chunk: string) => void,
  output: () => string,
): Promise<UiProcess> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/orchestrator.mjs'), 'ui', '--port', '0', '--runs-dir', runsDir], {
    cwd: REPO_ROOT,
    env: { ...process.env, OLLAMA_HOST: ollamaUrl, OLLAMA_NUM_PARALLEL: '2', NO_COLOR: '1', HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  child.stdout?.setEncoding('utf8').on('data', append)
  child.stderr?.setEncoding('utf8').on('data', append)
  const before = output().length
  try {
    const match = await waitForUrl(child, () => output().slice(before))
    return { url: match[0], origin: match[1] ?? '', token: match[3] ?? '', port: Number(match[2]), exited, child }
  } catch (err) {
    child.kill('SIGKILL')
    throw err
  }
}

export async function startStack(script: FakeScript, ollamaOptions?: FakeOllamaOptions): Promise<Stack> {
  assertBuilt()
  const ollama = await startFakeOllama(script, ollamaOptions)
  const dir = mkdtempSync(join(tmpdir(), 'uo-e2e-'))
  const runsDir = join(dir, 'runs')
  let log = ''
  const append = (chunk: string): void => {
    log += chunk
  }
  let ui: UiProcess
  try {
    ui = await spawnUi(runsDir, dir, ollama.url, append, () => log)
  } catch (err) {
    await ollama.close()
    rmSync(dir, { recursive: true, force: true })
    throw err
  }
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (ui.child.exitCode !== null || ui.child.signalCode !== null) return
    ui.child.kill(signal)
    const timer = setTimeout(() => ui.child.kill('SIGKILL'), 5000)
    await ui.exited
    clearTimeout(timer)
  }
  const stack: Stack = {
    url: ui.url,
    origin: ui.origin,
    token: ui.token,
    port: ui.port,
    runsDir,
    ollama,
    output: () => log,
    crash: () => stop('SIGKILL'),
    async restart() {
      await stop('SIGTERM')
      ui = await spawnUi(runsDir, dir, ollama.url, append, () => log)
      Object.assign(stack, { url: ui.url, origin: ui.origin, token: ui.token, port: ui.port })
    },
    async close() {
      await stop('SIGTERM')
      await ollama.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
  return stack
}
