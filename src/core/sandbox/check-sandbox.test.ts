/**
 * Finding 1 of issue 10: a generated test run by `--run-checks` read the orchestrator's key from
 * /proc/<pid>/environ, wrote outside the run folder and connected to a local port. Here a
 * scripted QA step writes exactly such a pytest file; the run goes through runJob with a canary
 * key in its env while a decoy process holding the same key (the orchestrator's own environment)
 * is alive. In every sandbox that works on this machine all three attacks fail, the listener
 * sees no connection, nothing appears outside, and neither the key nor its reversal (which the
 * redactor would not catch) is in any file of the runs folder. The same probe run with the
 * sandbox off (`--unsafe-checks`) succeeds at all three, so the probe itself is proven to work.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { runJob } from '../engine/run-job'
import { createScriptedProvider, hasToolResults, writeFiles } from '../engine/testing/scripted-provider'
import { makeFixture, readManifest, type EngineFixture } from '../engine/testing/engine-fixture'
import { findSandbox, sandboxCandidates, sandboxWorks, type SandboxMethod } from './sandbox-method'

const key = `sk-sandbox-canary-${randomBytes(12).toString('hex')}`
const reversed = [...key].reverse().join('')
let decoy: ChildProcess
let server: Server
let port = 0
let connections = 0
let fixture: EngineFixture | undefined

beforeAll(async () => {
  decoy = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], {
    env: { ...process.env, UO_DECOY_API_KEY: key },
    stdio: 'ignore',
  })
  server = createServer((socket) => {
    connections += 1
    socket.destroy()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  port = typeof address === 'object' && address ? address.port : 0
})
afterAll(() => {
  decoy.kill('SIGKILL')
  server.close()
})
afterEach(() => {
  fixture = undefined
  connections = 0
})

function probe(outside: string): string {
  return `import glob, socket

def test_probe():
    readable, found = 0, []
    for path in glob.glob('/proc/[0-9]*/environ'):
        try:
            data = open(path, 'rb').read()
        except OSError:
            continue
        readable += 1
        for entry in data.split(b'\\0'):
            if b'_API_KEY=' in entry:
                found.append(entry.split(b'=', 1)[1][::-1].decode())
    print('PROBE environ readable', readable, 'keys', len(found), 'reversed', found)
    try:
        with open(${JSON.stringify(outside)}, 'w') as f:
            f.write('escaped')
        print('PROBE write-outside ok')
    except OSError as e:
        print('PROBE write-outside refused', e.errno)
    try:
        socket.create_connection(('127.0.0.1', ${port}), timeout=3).close()
        print('PROBE connect ok')
    except OSError as e:
        print('PROBE connect refused', e)
`
}

const SPEC = `project: sandboxed
task: t
provider: scripted
defaults: { timeout_s: 60, retries: 0 }
agents:
  qa: { role: QA, system: s, tools: [write_file], must_write_files: true }
steps:
  - id: qa
    agent: qa
    prompt: write the tests
    check: [python3, -m, pytest, -q, -s, -p, no:cacheprovider]
`

async function runProbe(sandbox: SandboxMethod | 'none') {
  fixture = makeFixture(SPEC)
  const outside = join(fixture.dir, 'escaped.txt')
  const provider = createScriptedProvider((request) =>
    hasToolResults(request) ? { text: ['done'] } : writeFiles({ 'test_probe.py': probe(outside) }),
  )
  const result = await runJob({
    spec: fixture.specPath,
    runsDir: fixture.runsDir,
    providers: { scripted: provider },
    runChecks: true,
    checkSandbox: sandbox,
    env: { OPENAI_API_KEY: key },
  })
  const artifact = readFileSync(join(result.runDir, 'artifacts', 'qa-check.txt'), 'utf8')
  return { result, artifact, outside }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
}

function leaks(dir: string): string[] {
  return filesUnder(dir).filter((path) => {
    const bytes = readFileSync(path)
    return bytes.includes(Buffer.from(key)) || bytes.includes(Buffer.from(reversed))
  })
}

describe('checks run in the OS sandbox', () => {
  it('a working sandbox exists on this Linux machine (CI installs bubblewrap; unshare works as root)', () => {
    if (process.platform !== 'linux') return
    expect(findSandbox().method).not.toBeNull()
  })

  for (const method of sandboxCandidates().filter((m) => m !== 'sandbox-exec')) {
    it.skipIf(!sandboxWorks(method))(
      `${method}: no other process's environment, no write outside, no connection, no key anywhere`,
      async () => {
        const { result, artifact, outside } = await runProbe(method)
        expect(artifact).toContain(`sandbox: ${method}`)
        expect(artifact).toMatch(/PROBE environ readable \d+ keys 0 /)
        expect(artifact).toContain('PROBE write-outside refused')
        expect(artifact).toContain('PROBE connect refused')
        expect(connections).toBe(0)
        expect(existsSync(outside)).toBe(false)
        expect(readManifest(result.runDir).steps.qa?.check?.status).toBe('passed')
        expect(leaks(fixture?.runsDir ?? '')).toEqual([])
      },
    )
  }

  it('the same probe, unsandboxed (--unsafe-checks), succeeds at all three: the probe can fail the test', async () => {
    const { result, artifact, outside } = await runProbe('none')
    expect(artifact).toContain('WITHOUT a sandbox')
    expect(artifact).toMatch(/PROBE environ readable \d+ keys [1-9]/)
    expect(artifact).toContain('PROBE write-outside ok')
    expect(artifact).toContain('PROBE connect ok')
    expect(connections).toBe(1)
    expect(existsSync(outside)).toBe(true)
    // The key itself is redacted from the artifact; only its reversal (invisible to any redactor) got through.
    expect(artifact).not.toContain(key)
    expect(leaks(fixture?.runsDir ?? '').every((path) => readFileSync(path, 'utf8').includes(reversed))).toBe(true)
    expect(readManifest(result.runDir).notices.join('\n')).toMatch(/WITHOUT a sandbox/)
  })
})
