import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { APP_VERSION } from '../core/version'
import { manifestSchema } from '../shared/manifest'
import { runEventSchema } from '../shared/run-event'
import { runCli } from './run-cli'
import { fakeIo } from './testing/fake-io'
import { examplePath } from '../core/testing/run-fixture'
import { testTempDir } from '../core/testing/test-temp-dir'

const TINY = examplePath('tiny_spec')

let dir = ''
let runsDir = ''
beforeEach(() => {
  dir = testTempDir('uo-cli-')
  runsDir = join(dir, 'runs')
})

function outputsOf(runDir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>()
  const walk = (rel: string): void => {
    for (const entry of readdirSync(join(runDir, 'outputs', rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name
      if (entry.isDirectory()) walk(path)
      else files.set(path, readFileSync(join(runDir, 'outputs', path)))
    }
  }
  walk('')
  return files
}

function eventTypes(runDir: string): string[] {
  return readFileSync(join(runDir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => runEventSchema().parse(JSON.parse(l)).type)
}

describe('orchestrator run', () => {
  it('runs the tiny spec with --json, records honest hashes, and a second run replays with zero model calls', async () => {
    const first = fakeIo({ cwd: dir })
    expect(await runCli(['run', TINY, '--provider', 'demo', '--runs-dir', runsDir, '--json'], first.io)).toBe(0)
    const json = JSON.parse(first.stdout()) as {
      job_id: string
      status: string
      run_dir: string
      offline_demo: boolean
      files: { path: string }[]
    }
    expect(json.status).toBe('succeeded')
    expect(json.job_id).toMatch(/^job_[0-9a-f]{12}$/)
    expect(json.run_dir).toBe(join(runsDir, json.job_id))
    expect(json.offline_demo).toBe(true)
    expect(first.stderr()).toContain('builder started')

    const manifest = manifestSchema().parse(JSON.parse(readFileSync(join(json.run_dir, 'manifest.json'), 'utf8')))
    expect(manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining(['main.py', 'README.md']))
    expect(json.files.map((f) => f.path)).toEqual(manifest.files.map((f) => f.path))
    for (const file of manifest.files) {
      const bytes = readFileSync(join(json.run_dir, 'outputs', file.path))
      expect(createHash('sha256').update(bytes).digest('hex'), file.path).toBe(file.sha256)
      expect(bytes.length).toBe(file.size_bytes)
    }
    expect(eventTypes(json.run_dir)).toContain('provider.call')

    const second = fakeIo({ cwd: dir })
    expect(await runCli(['run', TINY, '--provider', 'demo', '--runs-dir', runsDir, '--json', '--resume'], second.io)).toBe(0)
    expect(second.stderr()).toContain('zero model calls')
    const again = JSON.parse(second.stdout()) as { job_id: string; run_dir: string }
    expect(again.job_id).not.toBe(json.job_id)
    expect(eventTypes(again.run_dir).filter((t) => t === 'provider.call')).toEqual([])
    expect(outputsOf(again.run_dir)).toEqual(outputsOf(json.run_dir))
  })

  it('prints plain progress lines and the summary when stdout is not a terminal', async () => {
    const out = fakeIo({ cwd: dir, env: { ORCHESTRATOR_RUNS_DIR: 'runs', PROVIDER: 'demo' } })
    expect(await runCli(['run', TINY], out.io)).toBe(0)
    const text = out.stdout()
    expect(text).not.toContain('\x1b[')
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\] builder started \(demo demo\)$/m)
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\] docs started/m)
    expect(text).toMatch(/builder wrote main\.py \(\d/)
    expect(text).toContain('Job succeeded (offline demo output)')
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\] builder succeeded in .* [\d,]+ tokens.*, \$0\.00$/m)
    expect(text).toMatch(/^ {2}cost {6}\$0\.00$/m)
    expect(text).toMatch(/^\s+builder\s+demo\/demo\s+[\d,]+\s+\$0\.00\s+[\d.]+ s$/m)
    expect(text).toMatch(/^\s+main\.py\s+[\d.]+ (B|KB)/m)
    expect(readdirSync(runsDir).filter((n) => n.startsWith('job_'))).toHaveLength(1)
  })

  it('redraws a live block on a terminal and ends with the summary', async () => {
    const out = fakeIo({ cwd: dir, isTTY: true, columns: 100 })
    expect(await runCli(['run', TINY, '--provider', 'demo', '--runs-dir', runsDir], out.io)).toBe(0)
    const text = out.stdout()
    expect(text).toMatch(/\r\x1b\[\d+A\x1b\[J/)
    expect(text).toContain('finished: succeeded')
    expect(text).toMatch(/✓ builder/)
    expect(text.trimEnd().split('\n').at(-1)).not.toContain('\x1b[')
    expect(text.lastIndexOf('Job succeeded')).toBeGreaterThan(text.lastIndexOf('finished: succeeded'))
  })

  it('rejects a broken spec with file:line:column, exit 2, and creates no run folder', async () => {
    const broken = join(dir, 'broken.yaml')
    writeFileSync(broken, 'project: x\ntask_description: "unclosed\nconcurrency: 2\n')
    const out = fakeIo({ cwd: dir })
    expect(await runCli(['run', 'broken.yaml', '--provider', 'demo', '--runs-dir', runsDir], out.io)).toBe(2)
    expect(out.stderr()).toMatch(/^error: /)
    expect(out.stderr()).toMatch(/broken\.yaml:\d+:\d+/)
    expect(out.stderr()).not.toMatch(/^\s+at /m)
    expect(existsSync(runsDir)).toBe(false)
  })

  it('rejects an unknown flag and an unknown provider with exit 2 before running', async () => {
    const flag = fakeIo({ cwd: dir })
    expect(await runCli(['run', TINY, '--runs-dir', runsDir, '--bogus'], flag.io)).toBe(2)
    expect(flag.stderr()).toContain('--bogus')
    const provider = fakeIo({ cwd: dir })
    expect(await runCli(['run', TINY, '--runs-dir', runsDir, '--provider', 'nope'], provider.io)).toBe(2)
    expect(provider.stderr()).toContain("unknown provider 'nope'")
    expect(existsSync(runsDir)).toBe(false)
  })

  it('prints one JSON error object with --json when the run cannot start', async () => {
    const out = fakeIo({ cwd: dir })
    expect(await runCli(['run', 'missing.yaml', '--runs-dir', runsDir, '--json'], out.io)).toBe(2)
    const body = JSON.parse(out.stdout()) as { error: { kind: string } }
    expect(body.error.kind).toBe('spec_unreadable')
  })
})

describe('orchestrator validate, help, version', () => {
  it('validate prints the graph and ok, or every issue with exit 2', async () => {
    const ok = fakeIo({ cwd: dir })
    expect(await runCli(['validate', TINY], ok.io)).toBe(0)
    expect(ok.stdout()).toContain('builder')
    expect(ok.stdout().trimEnd().endsWith('ok')).toBe(true)

    writeFileSync(
      join(dir, 'bad.yaml'),
      'project: x\ntask: y\nagents:\n  a: { role: A, system: s }\nsteps:\n  - { id: one, agent: a, prompt: p, needs: [nope] }\n  - { id: two, agent: zzz, prompt: p }\n',
    )
    const bad = fakeIo({ cwd: dir })
    expect(await runCli(['validate', 'bad.yaml'], bad.io)).toBe(2)
    expect(bad.stderr()).toContain('problems')
    expect(bad.stderr()).toMatch(/bad\.yaml:6:\d+: steps\[0\]\.needs\[0\]/)
    expect(bad.stderr()).toMatch(/bad\.yaml:7:\d+: steps\[1\]\.agent/)
  })

  it('validate rejects an unknown provider at its line:column, suggesting the near one', async () => {
    writeFileSync(join(dir, 'typo.yaml'), 'project: x\ntask_description: y\nprovider: opneai\n')
    const typo = fakeIo({ cwd: dir })
    expect(await runCli(['validate', 'typo.yaml'], typo.io)).toBe(2)
    expect(typo.stderr()).toContain("typo.yaml:3:11: provider: unknown provider 'opneai'; did you mean 'openai'?")
  })

  it('prints help and version, and suggests a close command', async () => {
    const version = fakeIo({ cwd: dir })
    expect(await runCli(['--version'], version.io)).toBe(0)
    expect(version.stdout()).toBe(`${APP_VERSION}\n`)
    const help = fakeIo({ cwd: dir })
    expect(await runCli(['run', '--help'], help.io)).toBe(0)
    expect(help.stdout()).toContain('--no-cache')
    expect(help.stdout()).toContain('--runs-dir DIR')
    const global = fakeIo({ cwd: dir })
    expect(await runCli(['--help'], global.io)).toBe(0)
    expect(global.stdout()).toContain('list-runs')
    const typo = fakeIo({ cwd: dir })
    expect(await runCli(['rnu'], typo.io)).toBe(2)
    expect(typo.stderr()).toContain("did you mean 'run'")
  })
})
