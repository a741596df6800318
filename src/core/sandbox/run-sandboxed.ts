/**
 * Runs one command confined by the chosen sandbox (see sandbox-method): no shell of ours, the
 * given environment only, cwd = the project copy, a memory limit (RLIMIT_AS via prlimit, or
 * `ulimit -v` inside the wrapper) and a time limit on the whole process group, cancellable.
 * `none` runs it with the same limits but without confinement (only for --unsafe-checks).
 * Output (stdout and stderr interleaved) is kept up to a cap. The command is resolved on PATH
 * first, so "not installed" is reported as such, not as a wrapper error. Never throws.
 */
import { spawn } from 'node:child_process'
import { isAbsolute, resolve } from 'node:path'
import { existsSync, realpathSync } from 'node:fs'
import { whichSync } from '../launcher/find-binary'
import { bwrapArgv, unshareArgv, type ConfinedDirs } from './linux-sandbox'
import { macosProfile } from './macos-profile'
import { MACOS_SANDBOX_EXEC, type SandboxMethod } from './sandbox-method'

export interface SandboxedRun {
  argv: string[]
  dirs: ConfinedDirs
  env: Record<string, string>
  method: SandboxMethod | 'none'
  timeoutMs: number
  memoryBytes: number
  outputCapBytes: number
  signal: AbortSignal
}

export interface SandboxedResult {
  /** Exit code of the command; null when it was killed or never started. */
  code: number | null
  /** Why the command did not run to its own end (timeout, cancel, not found). */
  reason?: string
  output: string
  truncated: boolean
}

function resolveCommand(command: string, env: Record<string, string>, cwd: string): string | null {
  if (command.includes('/')) {
    const path = isAbsolute(command) ? command : resolve(cwd, command)
    return existsSync(path) ? path : null
  }
  return whichSync(command, env)
}

function wrap(run: SandboxedRun, command: string[]): string[] | string {
  const kib = Math.max(0, Math.floor(run.memoryBytes / 1024))
  const prlimit = process.platform === 'linux' ? whichSync('prlimit', run.env) : null
  const limited = (inner: string[]): string[] =>
    kib === 0
      ? inner
      : prlimit
        ? [prlimit, `--as=${kib * 1024}`, '--', ...inner]
        : ['sh', '-c', `ulimit -v ${kib} && exec "$@"`, 'sh', ...inner]
  switch (run.method) {
    case 'bwrap': {
      const bwrap = whichSync('bwrap', run.env)
      return bwrap ? limited(bwrapArgv(bwrap, run.dirs, command)) : 'bwrap is no longer on PATH'
    }
    case 'unshare': {
      const unshare = whichSync('unshare', run.env)
      return unshare ? unshareArgv(unshare, run.dirs, kib, command) : 'unshare is no longer on PATH'
    }
    case 'sandbox-exec': {
      const real = { project: realpathSync(run.dirs.project), home: realpathSync(run.dirs.home) }
      return limited([MACOS_SANDBOX_EXEC, '-p', macosProfile(real), ...command])
    }
    case 'none':
      return limited(command)
  }
}

export function runSandboxed(run: SandboxedRun): Promise<SandboxedResult> {
  const [name = '', ...args] = run.argv
  const output: string[] = []
  let kept = 0
  let truncated = false
  const keep = (chunk: Buffer): void => {
    if (kept >= run.outputCapBytes) {
      truncated = true
      return
    }
    const part = chunk.length > run.outputCapBytes - kept ? chunk.subarray(0, run.outputCapBytes - kept) : chunk
    if (part.length < chunk.length) truncated = true
    kept += part.length
    output.push(part.toString('utf8'))
  }
  const resolved = resolveCommand(name, run.env, run.dirs.project)
  if (!resolved) {
    return Promise.resolve({
      code: null,
      reason: `'${name}' was not found on PATH; install it or change the step's check`,
      output: '',
      truncated: false,
    })
  }
  const wrapped = wrap(run, [resolved, ...args])
  if (typeof wrapped === 'string') return Promise.resolve({ code: null, reason: wrapped, output: '', truncated: false })
  const [command = '', ...wrappedArgs] = wrapped
  return new Promise((done) => {
    const child = spawn(command, wrappedArgs, {
      cwd: run.dirs.project,
      env: run.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    })
    let why: string | undefined
    const killAll = (): void => {
      try {
        if (child.pid !== undefined) process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
    const timer = setTimeout(() => {
      why = `timed out after ${Math.round(run.timeoutMs / 1000)} s; raise the step's timeout_s`
      killAll()
    }, run.timeoutMs)
    const onAbort = (): void => {
      why = 'cancelled'
      killAll()
    }
    run.signal.addEventListener('abort', onAbort, { once: true })
    if (run.signal.aborted) onAbort()
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    let finished = false
    const finish = (code: number | null, reason?: string): void => {
      if (finished) return
      finished = true
      clearTimeout(timer)
      run.signal.removeEventListener('abort', onAbort)
      const result: SandboxedResult = { code: why ? null : code, output: output.join(''), truncated }
      const because = why ?? reason
      if (because !== undefined) result.reason = because
      done(result)
    }
    child.on('error', (err: NodeJS.ErrnoException) => finish(null, `could not start the check (${err.code ?? err.message})`))
    child.on('close', (code) => finish(code))
  })
}
