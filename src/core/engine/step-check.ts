/**
 * Runs a step's `check` command (e.g. QA's `python3 -m pytest -q`) on the generated project.
 * It executes model-written code, so it runs only when checks are enabled, and then: in a
 * throwaway copy of outputs/, as a child process without a shell, with an environment that holds
 * no API keys or other variables of the user (PATH, locale, a temporary HOME), under a time limit
 * that kills the whole process group, and cancellable. Its output is kept as
 * artifacts/<step>-check.txt. The outcome is returned, never thrown.
 */
import { spawn } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { atomicWriteFileSync } from '../fs/atomic-write'

export const CHECK_OUTPUT_CAP_BYTES = 256 * 1024

export interface CheckRequest {
  stepId: string
  argv: string[]
  outputsDir: string
  artifactsDir: string
  timeoutMs: number
  signal: AbortSignal
}

export interface CheckOutcome {
  status: 'passed' | 'failed' | 'error'
  exitCode: number | null
  durationS: number
  reason?: string
  /** Relative to the run folder. */
  artifact: string
}

/** The only variables a check sees: enough to find interpreters, nothing secret. */
function checkEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { HOME: home, TMPDIR: home, PYTHONDONTWRITEBYTECODE: '1', CI: 'true' }
  for (const name of ['PATH', 'LANG', 'LC_ALL', 'SYSTEMROOT']) if (process.env[name]) env[name] = process.env[name]
  return env
}

export async function runStepCheck(request: CheckRequest): Promise<CheckOutcome> {
  const started = performance.now()
  const sandbox = mkdtempSync(join(tmpdir(), `uo-check-${request.stepId}-`))
  const project = join(sandbox, 'project')
  const home = join(sandbox, 'home')
  const artifactName = `${request.stepId}-check.txt`
  let output = ''
  let truncated = false
  const keep = (chunk: Buffer): void => {
    if (output.length >= CHECK_OUTPUT_CAP_BYTES) {
      truncated = true
      return
    }
    output += chunk.toString('utf8')
  }
  try {
    cpSync(request.outputsDir, project, { recursive: true })
    mkdirSync(home)
    const [command, ...args] = request.argv
    const result = await new Promise<{ code: number | null; reason?: string }>((resolve) => {
      const child = spawn(command ?? '', args, {
        cwd: project,
        env: checkEnv(home),
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: process.platform !== 'win32',
      })
      const killAll = (): void => {
        try {
          if (child.pid !== undefined) process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGKILL')
        } catch {
          // already gone
        }
      }
      let why: string | undefined
      const timer = setTimeout(() => {
        why = `timed out after ${Math.round(request.timeoutMs / 1000)} s; raise the step's timeout_s`
        killAll()
      }, request.timeoutMs)
      const onAbort = (): void => {
        why = 'cancelled'
        killAll()
      }
      request.signal.addEventListener('abort', onAbort, { once: true })
      child.stdout.on('data', keep)
      child.stderr.on('data', keep)
      const done = (code: number | null, reason?: string): void => {
        clearTimeout(timer)
        request.signal.removeEventListener('abort', onAbort)
        resolve({ code, reason: why ?? reason })
      }
      child.on('error', (err: NodeJS.ErrnoException) => {
        done(
          null,
          err.code === 'ENOENT'
            ? `'${command}' was not found on PATH; install it or change the step's check`
            : `could not start '${command}' (${err.code ?? err.message})`,
        )
      })
      child.on('close', (code) => done(why ? null : code))
    })
    const status = result.reason ? 'error' : result.code === 0 ? 'passed' : 'failed'
    const header = `$ ${request.argv.join(' ')}\n# in a copy of outputs/; exit ${result.code ?? 'none'}${result.reason ? ` (${result.reason})` : ''}\n\n`
    atomicWriteFileSync(join(request.artifactsDir, artifactName), `${header}${output}${truncated ? '\n[output truncated]\n' : ''}`)
    const outcome: CheckOutcome = {
      status,
      exitCode: result.code,
      durationS: Math.round(performance.now() - started) / 1000,
      artifact: `artifacts/${artifactName}`,
    }
    if (result.reason) outcome.reason = result.reason
    return outcome
  } finally {
    rmSync(sandbox, { recursive: true, force: true })
  }
}
