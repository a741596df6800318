import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from './run-cli'
import { fakeIo } from './testing/fake-io'

const key = 'ant-canary-0123456789abcdef'
let dir = ''
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('CLI error output', () => {
  it('never prints a key from the environment, on stderr or in --json', async () => {
    dir = mkdtempSync(join(tmpdir(), 'uo-cli-redact-'))
    const io = fakeIo({ cwd: dir, env: { ANTHROPIC_API_KEY: key, ORCHESTRATOR_RUNS_DIR: join(dir, 'runs') } })
    expect(await runCli(['show', key, '--json', '--verbose'], io.io)).not.toBe(0)
    expect(io.stderr()).toContain('[REDACTED]')
    expect(io.stderr() + io.stdout()).not.toContain(key)
  })
})
