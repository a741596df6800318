/**
 * Which operating-system sandbox can confine a check on this machine. Linux: `bwrap`
 * (bubblewrap) when installed and working, else util-linux `unshare` with user, PID, network and
 * mount namespaces; macOS: `/usr/bin/sandbox-exec`. Each candidate is probed once per process by
 * running `true` inside it, so a binary that exists but cannot create namespaces (e.g. user
 * namespaces disabled) is not chosen. `none` means no sandbox can be had here.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { whichSync } from '../launcher/find-binary'
import { unshareFlags, unshareInnerScript } from './linux-sandbox'

export type SandboxMethod = 'bwrap' | 'unshare' | 'sandbox-exec'

export interface SandboxAvailability {
  method: SandboxMethod | null
  /** Why no sandbox was found (and how to get one), when `method` is null. */
  reason?: string
}

export const MACOS_SANDBOX_EXEC = '/usr/bin/sandbox-exec'

const probed = new Map<SandboxMethod, boolean>()

function probe(method: SandboxMethod, env: NodeJS.ProcessEnv): boolean {
  const known = probed.get(method)
  if (known !== undefined) return known
  const path = { PATH: env.PATH ?? '/usr/bin:/bin' }
  let argv: string[] | null = null
  if (method === 'bwrap') {
    const bwrap = whichSync('bwrap', env)
    if (bwrap) argv = [bwrap, '--unshare-all', '--die-with-parent', '--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', 'true']
  } else if (method === 'unshare') {
    const unshare = whichSync('unshare', env)
    const dir = process.cwd()
    if (unshare) argv = [unshare, ...unshareFlags(), '--', 'sh', '-c', unshareInnerScript(), 'sh', dir, dir, '0', 'true']
  } else if (existsSync(MACOS_SANDBOX_EXEC)) {
    argv = [MACOS_SANDBOX_EXEC, '-p', '(version 1)(allow default)', '/usr/bin/true']
  }
  let ok = false
  if (argv) {
    const [command, ...args] = argv
    const result = spawnSync(command ?? '', args, { env: path, stdio: 'ignore', timeout: 10_000 })
    ok = result.status === 0
  }
  probed.set(method, ok)
  return ok
}

/** The candidates for this platform, best first. */
export function sandboxCandidates(platform: NodeJS.Platform = process.platform): SandboxMethod[] {
  if (platform === 'linux') return ['bwrap', 'unshare']
  if (platform === 'darwin') return ['sandbox-exec']
  return []
}

/** The best working sandbox here, or why there is none. */
export function findSandbox(env: NodeJS.ProcessEnv = process.env): SandboxAvailability {
  for (const method of sandboxCandidates()) if (probe(method, env)) return { method }
  const reason =
    process.platform === 'linux'
      ? 'no sandbox for checks on this machine: bwrap is not installed and unshare cannot create user namespaces; install bubblewrap (apt install bubblewrap) or enable unprivileged user namespaces'
      : process.platform === 'darwin'
        ? `no sandbox for checks: ${MACOS_SANDBOX_EXEC} is missing or refused to run`
        : `no sandbox for checks on ${process.platform}`
  return { method: null, reason }
}

/** True when `method` works on this machine (tests use it to pick which paths to exercise). */
export function sandboxWorks(method: SandboxMethod, env: NodeJS.ProcessEnv = process.env): boolean {
  return sandboxCandidates().includes(method) && probe(method, env)
}
