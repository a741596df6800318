/**
 * A step's check runs generated code only when enabled, in a copy of outputs/, without the
 * user's secrets, and its outcome decides the step: passed keeps it succeeded, a failing or
 * missing command fails it with `check_failed` and keeps the output as an artifact.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runJob } from './run-job'
import { createScriptedProvider, hasToolResults, writeFiles } from './testing/scripted-provider'
import { makeFixture, readEventsStrict, readManifest, type EngineFixture } from './testing/engine-fixture'

let fixture: EngineFixture | undefined

const node = process.execPath
function specWithCheck(check: string[] | { setup: string[][]; run: string[] }): string {
  return `project: checked
task: t
provider: scripted
defaults: { timeout_s: 10, retries: 0 }
agents:
  qa: { role: QA, system: s, tools: [write_file], must_write_files: true }
steps:
  - id: qa
    agent: qa
    prompt: write the test
    check: ${JSON.stringify(check)}
`
}

const provider = () =>
  createScriptedProvider((request) =>
    hasToolResults(request)
      ? { text: ['done'] }
      : writeFiles({
          'probe.js':
            'const fs = require("fs"); fs.writeFileSync("created-by-check.txt", "x"); console.log("KEY=" + (process.env.OPENAI_API_KEY ?? "none")); process.exit(Number(process.argv[2] ?? 0))\n',
        }),
  )

async function run(check: string[] | { setup: string[][]; run: string[] }, runChecks: boolean) {
  fixture = makeFixture(specWithCheck(check))
  const result = await runJob({
    spec: fixture.specPath,
    runsDir: fixture.runsDir,
    providers: { scripted: provider() },
    runChecks,
    env: { OPENAI_API_KEY: 'sk-check-canary-0123456789abcdef' },
  })
  return { result, manifest: readManifest(result.runDir) }
}

describe('step checks', () => {
  it('are recorded as skipped unless enabled, and never run', async () => {
    const { result, manifest } = await run([node, 'probe.js'], false)
    expect(result.status).toBe('succeeded')
    expect(manifest.steps.qa?.check).toMatchObject({ status: 'skipped', exit_code: null })
    expect(readEventsStrict(result.runDir).find((e) => e.type === 'step.check')).toMatchObject({
      reason: expect.stringMatching(/--run-checks/),
    })
  })

  it('run in a copy of outputs/ without the user’s keys; a passing check keeps the step succeeded', async () => {
    const { result, manifest } = await run([node, 'probe.js', '0'], true)
    expect(result.status).toBe('succeeded')
    expect(manifest.steps.qa?.check).toMatchObject({ status: 'passed', exit_code: 0, artifact: 'artifacts/qa-check.txt' })
    const output = readFileSync(join(result.runDir, 'artifacts', 'qa-check.txt'), 'utf8')
    expect(output).toContain('KEY=none')
    expect(existsSync(join(result.runDir, 'outputs', 'created-by-check.txt'))).toBe(false)
    expect(readdirSync(join(result.runDir, 'outputs'))).toEqual(['probe.js'])
  })

  it('fail the step with check_failed when the command fails or cannot start', async () => {
    const failing = await run([node, 'probe.js', '3'], true)
    expect(failing.result.status).toBe('failed')
    expect(failing.manifest.steps.qa?.check).toMatchObject({ status: 'failed', exit_code: 3 })
    expect(failing.manifest.steps.qa?.error).toMatchObject({
      kind: 'check_failed',
      message: expect.stringMatching(/exit code 3.*artifacts\/qa-check\.txt/),
    })
    const missing = await run(['no-such-program-uo', '-q'], true)
    expect(missing.manifest.steps.qa?.check?.status).toBe('error')
    expect(missing.manifest.steps.qa?.error?.message).toMatch(/not found on PATH/)
  })

  it('run setup commands first in the same project copy; a failing setup command ends the check as an error', async () => {
    const exists = [node, '-e', 'process.exit(require("fs").existsSync("created-by-check.txt") ? 0 : 4)']
    const { result, manifest } = await run({ setup: [[node, 'probe.js', '0']], run: exists }, true)
    expect(result.status).toBe('succeeded')
    expect(manifest.steps.qa?.check?.status).toBe('passed')
    const broken = await run({ setup: [[node, 'probe.js', '5']], run: exists }, true)
    expect(broken.manifest.steps.qa?.check?.status).toBe('error')
    expect(broken.manifest.steps.qa?.error?.message).toMatch(/setup command `.*probe\.js 5` failed with exit code 5/)
  })
})
