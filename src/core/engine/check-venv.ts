/**
 * The Python virtual environment a `python_venv` check runs in: `python3 -m venv
 * --system-site-packages` (with the system's pip when it has one, else ensurepip), then `pip install -r requirements.txt pytest`, cached under
 * `<runsDir>/.cache/venvs/<hash>` by the SHA-256 of requirements.txt (and the interpreter's
 * version), so a second check of the same project installs nothing. It is built in a temp folder
 * and renamed into place only when complete (a killed setup leaves nothing half-made), under its
 * own time limit that kills the whole process group. pip sees the user's PIP_* and proxy
 * variables (index, mirror) but no keys. When pip cannot reach an index the reason says so and
 * how to fix it. Never throws for a failed setup: it returns the reason and pip's output.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { sha256Hex } from '../sha256'

export interface VenvRequest {
  venvsDir: string
  /** The generated project (its requirements.txt is read). */
  projectDir: string
  timeoutMs: number
  signal: AbortSignal
  env: NodeJS.ProcessEnv
  python?: string
}

export type VenvResult = { ok: true; dir: string; reused: boolean; log: string } | { ok: false; reason: string; log: string }

const PASS_THROUGH = /^(PATH|HOME|LANG|LC_ALL|PIP_.*|https?_proxy|HTTPS?_PROXY|no_proxy|NO_PROXY|SSL_CERT_FILE|REQUESTS_CA_BUNDLE)$/
const NETWORK_TROUBLE =
  /NewConnectionError|Failed to establish a new connection|Temporary failure in name resolution|Name or service not known|Network is unreachable|Connection refused|ProxyError|SSLError|Max retries exceeded/

interface Exec {
  code: number | null
  output: string
  reason?: string
}

function run(argv: string[], request: VenvRequest, env: NodeJS.ProcessEnv): Promise<Exec> {
  return new Promise((resolve) => {
    const [command, ...args] = argv
    const child = spawn(command ?? '', args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' })
    let output = ''
    const keep = (chunk: Buffer): void => {
      if (output.length < 256 * 1024) output += chunk.toString('utf8')
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    let why: string | undefined
    const kill = (reason: string): void => {
      why = reason
      try {
        if (child.pid !== undefined) process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
    const timer = setTimeout(
      () => kill(`making the venv took longer than ${Math.round(request.timeoutMs / 1000)} s; raise the check's setup_timeout_s`),
      request.timeoutMs,
    )
    const onAbort = (): void => kill('cancelled')
    request.signal.addEventListener('abort', onAbort, { once: true })
    const done = (code: number | null, reason?: string): void => {
      clearTimeout(timer)
      request.signal.removeEventListener('abort', onAbort)
      resolve({ code, output, ...((why ?? reason) ? { reason: why ?? reason } : {}) })
    }
    child.on('error', (err: NodeJS.ErrnoException) =>
      done(null, err.code === 'ENOENT' ? `'${command}' was not found on PATH; install Python 3 to run Python checks` : String(err.code)),
    )
    child.on('close', (code) => done(why ? null : code))
  })
}

function pipFailure(output: string, code: number | null): string {
  if (NETWORK_TROUBLE.test(output)) {
    return 'pip cannot reach a package index (no network, or a proxy or mirror is needed); set PIP_INDEX_URL to an index this machine can reach, or install the requirements for python3 beforehand (the venv sees system packages)'
  }
  const missing = /No matching distribution found for ([^\s]+)/.exec(output)?.[1]
  if (missing) {
    return `no package index pip can use has '${missing}' (offline, or a wrong name in requirements.txt); set PIP_INDEX_URL to an index that has it, or fix requirements.txt`
  }
  return `pip install -r requirements.txt failed (exit ${code ?? 'none'}); see the setup output`
}

export async function preparePythonVenv(request: VenvRequest): Promise<VenvResult> {
  const python = request.python ?? 'python3'
  const reqPath = join(request.projectDir, 'requirements.txt')
  const requirements = existsSync(reqPath) ? readFileSync(reqPath, 'utf8') : ''
  const env: NodeJS.ProcessEnv = { PYTHONDONTWRITEBYTECODE: '1', PIP_NO_INPUT: '1', PIP_DISABLE_PIP_VERSION_CHECK: '1' }
  for (const source of [process.env, request.env]) {
    for (const [name, value] of Object.entries(source)) if (PASS_THROUGH.test(name) && value !== undefined) env[name] = value
  }
  const version = await run([python, '--version'], request, env)
  if (version.code !== 0) return { ok: false, reason: version.reason ?? `${python} --version failed`, log: version.output }
  const key = sha256Hex(`${version.output.trim()}\n${requirements}\npytest\n`).slice(0, 16)
  const dir = join(request.venvsDir, key)
  if (existsSync(join(dir, '.ready'))) return { ok: true, dir, reused: true, log: `reused ${dir}\n` }

  mkdirSync(request.venvsDir, { recursive: true })
  const temp = `${dir}.tmp-${process.pid}-${Date.now()}`
  let log = ''
  try {
    // Without its own pip when the system's is importable (much faster); else ensurepip adds one.
    const made = await run([python, '-m', 'venv', '--without-pip', '--system-site-packages', temp], request, env)
    log += `$ ${python} -m venv --without-pip --system-site-packages <venv>\n${made.output}`
    const venvPython = join(temp, 'bin', 'python')
    if (made.code === 0 && (await run([venvPython, '-m', 'pip', '--version'], request, env)).code !== 0) {
      const pipMade = await run([venvPython, '-m', 'ensurepip', '--default-pip'], request, env)
      log += `$ python -m ensurepip --default-pip\n${pipMade.output}`
      if (pipMade.code !== 0)
        return { ok: false, reason: pipMade.reason ?? 'the venv has no pip and ensurepip failed; install pip for python3', log }
    }
    if (made.code !== 0)
      return {
        ok: false,
        reason: made.reason ?? `${python} -m venv failed (exit ${made.code}); install the venv module (e.g. python3-venv)`,
        log,
      }
    const tempReq = join(temp, 'requirements.txt')
    writeFileSync(tempReq, requirements)
    const pip = await run([venvPython, '-m', 'pip', 'install', '--retries', '1', '-r', tempReq, 'pytest'], request, env)
    log += `$ pip install -r requirements.txt pytest\n${pip.output}`
    if (pip.code !== 0) return { ok: false, reason: pip.reason ?? pipFailure(pip.output, pip.code), log }
    writeFileSync(join(temp, '.ready'), `${new Date().toISOString()}\n`)
    try {
      renameSync(temp, dir)
    } catch {
      if (!existsSync(join(dir, '.ready'))) throw new Error(`cannot move the venv into ${dir}`)
    }
    return { ok: true, dir, reused: false, log }
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err), log }
  } finally {
    rmSync(temp, { recursive: true, force: true })
  }
}
