/**
 * Runs a step's `check` command (e.g. QA's `python3 -m pytest -q`) on the generated project.
 * It executes model-written code, so it runs only when checks are enabled, and then inside the
 * operating system's sandbox (core/sandbox: bwrap or unshare namespaces on Linux, sandbox-exec on
 * macOS; `none` only with --unsafe-checks): in a throwaway copy of outputs/, without a shell, with
 * an environment that holds nothing of the user's (PATH, LANG, a HOME inside the copy), under a
 * time and memory limit on the whole process group, cancellable. Its output passes the redactor
 * before it is kept as artifacts/<step>-check.txt. `setup` commands run first in the same copy
 * (a failing one ends the check as `error`); `binDir` (a venv's bin/, readable in the sandbox) is
 * put first on PATH. The outcome is returned, never thrown.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { atomicWriteFileSync } from '../fs/atomic-write'
import type { Redactor } from '../redact/redactor'
import { runSandboxed } from '../sandbox/run-sandboxed'
import type { SandboxMethod } from '../sandbox/sandbox-method'

const CHECK_OUTPUT_CAP_BYTES = 256 * 1024
const CHECK_MEMORY_BYTES = 4 * 1024 * 1024 * 1024

export interface CheckRequest {
  stepId: string
  argv: string[]
  outputsDir: string
  artifactsDir: string
  timeoutMs: number
  signal: AbortSignal
  /** The sandbox to run in; `none` only when the user passed --unsafe-checks. */
  sandbox: SandboxMethod | 'none'
  redactor: Redactor
  memoryBytes?: number
  /** Commands run before `argv`, in the same project copy. */
  setup?: string[][]
  /** Put first on PATH (with VIRTUAL_ENV set to its parent), e.g. a Python venv's bin/. */
  binDir?: string
}

export interface CheckOutcome {
  status: 'passed' | 'failed' | 'error'
  exitCode: number | null
  durationS: number
  reason?: string
  /** Relative to the run folder. */
  artifact: string
}

/** The only variables a check sees: enough to find interpreters, nothing of the user's. */
function checkEnv(home: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = { PATH: env.PATH ?? '/usr/local/bin:/usr/bin:/bin', HOME: home, TMPDIR: home }
  if (env.LANG) out.LANG = env.LANG
  out.PYTHONDONTWRITEBYTECODE = '1'
  out.CI = 'true'
  return out
}

function withBinDir(env: Record<string, string>, binDir: string | undefined): Record<string, string> {
  if (!binDir) return env
  return { ...env, PATH: `${binDir}${delimiter}${env.PATH ?? ''}`, VIRTUAL_ENV: dirname(binDir) }
}

export async function runStepCheck(request: CheckRequest): Promise<CheckOutcome> {
  const started = performance.now()
  const scratch = mkdtempSync(join(tmpdir(), `uo-check-${request.stepId}-`))
  const project = join(scratch, 'project')
  const home = join(scratch, 'home')
  const artifactName = `${request.stepId}-check.txt`
  try {
    cpSync(request.outputsDir, project, { recursive: true })
    mkdirSync(home)
    const exec = (argv: string[]) =>
      runSandboxed({
        argv,
        dirs: { project, home },
        env: withBinDir(checkEnv(home), request.binDir),
        method: request.sandbox,
        timeoutMs: request.timeoutMs,
        memoryBytes: request.memoryBytes ?? CHECK_MEMORY_BYTES,
        outputCapBytes: CHECK_OUTPUT_CAP_BYTES,
        signal: request.signal,
      })
    let setupOutput = ''
    let result: Awaited<ReturnType<typeof exec>> | undefined
    for (const setup of request.setup ?? []) {
      const ran = await exec(setup)
      setupOutput += `$ ${setup.join(' ')}\n${ran.output}\n`
      if (ran.reason !== undefined || ran.code !== 0) {
        result = { ...ran, reason: ran.reason ?? `setup command \`${setup.join(' ')}\` failed with exit code ${ran.code}`, output: '' }
        break
      }
    }
    result ??= await exec(request.argv)
    const status = result.reason ? 'error' : result.code === 0 ? 'passed' : 'failed'
    const where = request.sandbox === 'none' ? 'WITHOUT a sandbox (--unsafe-checks)' : `sandbox: ${request.sandbox}`
    const header = `$ ${request.argv.join(' ')}\n# in a copy of outputs/, ${where}; exit ${result.code ?? 'none'}${result.reason ? ` (${result.reason})` : ''}\n\n`
    const body = `${header}${setupOutput}${result.output}${result.truncated ? '\n[output truncated]\n' : ''}`
    atomicWriteFileSync(join(request.artifactsDir, artifactName), request.redactor.redact(body))
    const outcome: CheckOutcome = {
      status,
      exitCode: result.code,
      durationS: Math.round(performance.now() - started) / 1000,
      artifact: `artifacts/${artifactName}`,
    }
    if (result.reason) outcome.reason = request.redactor.redact(result.reason)
    return outcome
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}
