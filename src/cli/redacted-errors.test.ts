import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from './run-cli'
import { fakeIo } from './testing/fake-io'
import { testTempDir } from '../core/testing/test-temp-dir'

const key = 'ant-canary-0123456789abcdef'
let dir = ''

describe('CLI error output', () => {
  it('never prints a key from the environment, on stderr or in --json', async () => {
    dir = testTempDir('uo-cli-redact-')
    const io = fakeIo({ cwd: dir, env: { ANTHROPIC_API_KEY: key, ORCHESTRATOR_RUNS_DIR: join(dir, 'runs') } })
    expect(await runCli(['show', key, '--json', '--verbose'], io.io)).not.toBe(0)
    expect(io.stderr()).toContain('[REDACTED]')
    expect(io.stderr() + io.stdout()).not.toContain(key)
  })
})
