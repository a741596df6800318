/**
 * The limits every sandboxed check gets, on each method that works here (and unsandboxed, as
 * --unsafe-checks runs it): memory over the limit fails the allocation, a time limit kills the
 * whole tree (a background grandchild too), the environment is exactly what was given, and a
 * missing command is reported as not installed.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runSandboxed, type SandboxedRun } from './run-sandboxed'
import { sandboxCandidates, sandboxWorks, type SandboxMethod } from './sandbox-method'
import { testTempDir } from '../testing/test-temp-dir'

let scratch: string | undefined
function request(method: SandboxMethod | 'none', argv: string[], extra: Partial<SandboxedRun> = {}): SandboxedRun {
  scratch = testTempDir('uo-sbx-')
  const dirs = { project: join(scratch, 'project'), home: join(scratch, 'home') }
  mkdirSync(dirs.project)
  mkdirSync(dirs.home)
  return {
    argv,
    dirs,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dirs.home },
    method,
    timeoutMs: 20_000,
    memoryBytes: 1024 * 1024 * 1024,
    outputCapBytes: 64 * 1024,
    signal: new AbortController().signal,
    ...extra,
  }
}

const methods: (SandboxMethod | 'none')[] = [...sandboxCandidates().filter((m) => sandboxWorks(m)), 'none']

describe.each(methods)('runSandboxed (%s)', (method) => {
  it('fails an allocation over the memory limit', async () => {
    const result = await runSandboxed(
      request(method, [process.execPath, '-e', 'const b = Buffer.alloc(1536 * 1024 * 1024, 1); console.log("allocated", b.length)']),
    )
    expect(result.code).not.toBe(0)
    expect(result.output).not.toContain('allocated')
  })

  it('kills the whole tree at the time limit', async () => {
    const script = 'require("child_process").spawn("sleep", ["30"], { stdio: "ignore" }); setTimeout(() => {}, 30000)'
    const started = Date.now()
    const result = await runSandboxed(request(method, [process.execPath, '-e', script], { timeoutMs: 1500 }))
    expect(result.code).toBeNull()
    expect(result.reason).toMatch(/timed out/)
    expect(Date.now() - started).toBeLessThan(15_000)
  })

  it('sees only the environment it was given (plus the PWD the wrapper sets)', async () => {
    const result = await runSandboxed(
      request(method, [
        process.execPath,
        '-e',
        'console.log(Object.keys(process.env).filter((k) => !/^(OLD)?PWD$/.test(k)).sort().join(","))',
      ]),
    )
    expect(result.code).toBe(0)
    expect(result.output.trim()).toBe('HOME,PATH')
  })

  it('reports a missing command as not installed', async () => {
    const result = await runSandboxed(request(method, ['no-such-tool-uo', '-q']))
    expect(result.reason).toMatch(/not found on PATH/)
  })
})
