/**
 * Finding 7 of issue 10: a key pasted into a spec was printed by `validate`. Now `validate`
 * masks it and names its line; a run records a warning; `output_dir` is reported as ignored.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from './run-cli'
import { fakeIo } from './testing/fake-io'
import { keyLikeLines } from '../core/spec/spec-secrets'
import { testTempDir } from '../core/testing/test-temp-dir'

const KEY = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123'
let dir: string | undefined

function specFile(text: string): string {
  dir = testTempDir('uo-spec-key-')
  const path = join(dir, 'spec.yaml')
  writeFileSync(path, text)
  return path
}

describe('key-like strings and ignored keys in a spec', () => {
  it('finds key shapes and values of *_API_KEY variables by line', () => {
    expect(keyLikeLines(`project: p\ntask: use ${KEY}\n`)).toEqual([2])
    expect(keyLikeLines('project: p\ntask: my-own-secret-value\n', { MY_API_KEY: 'my-own-secret-value' })).toEqual([2])
    expect(keyLikeLines('project: p\ntask: plain\n')).toEqual([])
  })

  it('validate masks a pasted key, names its line, and says output_dir is ignored', async () => {
    const path = specFile(`project: k\ntask: build it with ${KEY} as the key\noutput_dir: src/generated\n`)
    const io = fakeIo({ cwd: dir ?? '', env: {} })
    expect(await runCli(['validate', path], io.io)).toBe(0)
    expect(io.stdout() + io.stderr()).not.toContain(KEY)
    expect(io.stdout()).toContain('[REDACTED]')
    expect(io.stderr()).toMatch(/looks like an API key \(.*spec\.yaml:2\)/)
    expect(io.stderr()).toMatch(/output_dir is ignored/)
  })

  it('a run flags the key and the ignored output_dir as warnings, and stores neither the key nor the flag text with it', async () => {
    const path = specFile(`project: k\ntask: build it with ${KEY} as the key\noutput_dir: src/generated\n`)
    const runsDir = join(dir ?? '', 'runs')
    const io = fakeIo({ cwd: dir ?? '', env: {} })
    expect(await runCli(['run', path, '--provider', 'demo', '--runs-dir', runsDir, '--json'], io.io)).toBe(0)
    const body = JSON.parse(io.stdout()) as { run_dir: string }
    const manifest = readFileSync(join(body.run_dir, 'manifest.json'), 'utf8')
    expect(manifest).toMatch(/looks like an API key/)
    expect(manifest).toMatch(/output_dir is ignored/)
    expect(manifest).not.toContain(KEY)
    expect(readFileSync(join(body.run_dir, 'inputs', 'spec.yaml'), 'utf8')).not.toContain(KEY)
  })
})
