import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { afterEach, describe, expect, it } from 'vitest'
import { OLLAMA_WELL_KNOWN } from '../core/launcher/find-binary'
import { freePort } from '../core/launcher/free-port'
import { maskKey } from '../core/launcher/doctor-report'
import { isAlive, killFakes, writeFakeExecutables, type FakeBin } from '../core/launcher/testing/fake-executables'
import { runCli } from './run-cli'
import { fakeIo } from './testing/fake-io'
import { testTempDir } from '../core/testing/test-temp-dir'

const OPENAI_CANARY = 'sk-proj-CANARYcanary0123456789abcd'
const bins: FakeBin[] = []
afterEach(() => {
  for (const bin of bins.splice(0)) killFakes(bin)
})

async function fakeEnv(extra: NodeJS.ProcessEnv = {}): Promise<{ bin: FakeBin; env: NodeJS.ProcessEnv }> {
  const bin = writeFakeExecutables(['ollama', 'mlx_lm.server'])
  bins.push(bin)
  const env = bin.env({
    OLLAMA_HOST: `127.0.0.1:${await freePort()}`,
    MLX_BASE_URL: `http://127.0.0.1:${await freePort()}/v1`,
    FAKE_MODELS: 'qwen3.5',
    ...extra,
  })
  return { bin, env }
}

describe('orchestrator doctor', () => {
  it('reports hardware, profile, an Ollama it started and stopped, its models and masked keys (exit 0)', async () => {
    const { bin, env } = await fakeEnv({ OPENAI_API_KEY: OPENAI_CANARY })
    const out = fakeIo({ cwd: tmpdir(), env })
    expect(await runCli(['doctor'], out.io)).toBe(0)
    const text = out.stdout()
    expect(text).toMatch(/^hardware {2}.*cores.*GB memory/m)
    expect(text).toMatch(/^profile {3}\S+/m)
    expect(text).toMatch(/OLLAMA_NUM_PARALLEL=\d/)
    expect(text).toMatch(/num_thread=\d+ num_batch=\d+ num_ctx=\d+/)
    expect(text).toMatch(
      /ollama {4}not running; started it at http:\/\/127\.0\.0\.1:\d+ \(version 0\.0\.0-fake\) for this check and stopped it again/,
    )
    expect(text).toMatch(/models {2}qwen3\.5/)
    // No Ollama was running: a run starts one with the profile's slots, and that is the scheduler's limit.
    expect(text).toMatch(
      /^ {2}slots {3}\d+ requests? at a time \(the scheduler's Ollama limit\): the \S+ tuning profile, given to the `ollama serve` orchestrator starts$/m,
    )
    expect(text).toMatch(/^ {2}memory {2}each slot holds its own context/m)
    expect(text).toMatch(/model {3}qwen3\.5 is the default because Ollama’s launcher \(ollama\/ollama cmd\/launch\S* .*\) recommends it/)
    expect(text).not.toContain('poor')
    expect(text).toMatch(/mlx {7}installed \(.*mlx_lm\.server\); not running/)
    expect(text).toContain('OPENAI_API_KEY set (sk-…abcd)')
    expect(text).toMatch(/ANTHROPIC_API_KEY not set[\s\S]*fix: export ANTHROPIC_API_KEY=/)
    expect(text + out.stderr()).not.toContain('CANARY')
    const started = bin.starts().filter((s) => s.kind === 'ollama')
    expect(started).toHaveLength(1)
    expect(isAlive(started[0]?.pid ?? 0)).toBe(false)
  })

  it('prints the same report as JSON with --json and names missing models with the fix', async () => {
    const { env } = await fakeEnv({ FAKE_MODELS: '', OLLAMA_MODEL: 'llama3.2:1b', ANTHROPIC_API_KEY: 'sk-ant-api03-CANARYxyzwvut9876' })
    const out = fakeIo({ cwd: tmpdir(), env })
    expect(await runCli(['doctor', '--json'], out.io)).toBe(0)
    const report = JSON.parse(out.stdout()) as {
      ollama: { status: string; models: string[]; model: { name: string; why: string } }
      keys: { name: string; masked: string | null }[]
      problems: { message: string; fix: string }[]
      profile: { name: string }
    }
    expect(report.ollama).toMatchObject({ status: 'started', models: [] })
    expect(report.ollama.model.name).toBe('llama3.2:1b')
    expect(report.ollama.model.why).toMatch(/llama3\.2:1b is one of the models .* flags as poor at agent tool use; try qwen3\.5 or gemma4/)
    expect(report.keys).toContainEqual({ name: 'ANTHROPIC_API_KEY', present: true, masked: 'sk-…9876' })
    expect(report.problems).toContainEqual(expect.objectContaining({ fix: expect.stringContaining('ollama pull llama3.2:1b') }))
    expect(out.stdout()).not.toContain('CANARY')
  })

  it.skipIf(OLLAMA_WELL_KNOWN.some((k) => existsSync(k.path)))(
    'says how to install Ollama when it is missing, and still exits 0',
    async () => {
      const empty = testTempDir('uo-empty-')
      const out = fakeIo({
        cwd: tmpdir(),
        env: { PATH: empty, OLLAMA_HOST: `127.0.0.1:${await freePort()}`, MLX_BASE_URL: `http://127.0.0.1:${await freePort()}/v1` },
      })
      expect(await runCli(['doctor'], out.io)).toBe(0)
      expect(out.stdout()).toMatch(
        /✗ Ollama is not installed and not running\n {4}fix: install Ollama with `brew install ollama` or from https:\/\/ollama\.com\/download/,
      )
    },
  )

  it('exits 2 on a bad flag', async () => {
    const out = fakeIo({ cwd: tmpdir(), env: {} })
    expect(await runCli(['doctor', '--start-everything'], out.io)).toBe(2)
    expect(out.stderr()).toContain('unknown flag --start-everything')
  })

  it('masks keys: a prefix and the last four characters, never more', () => {
    expect(maskKey('sk-proj-abcdefghijklmnopqrstuvwxyz1234')).toBe('sk-…1234')
    expect(maskKey('short-key')).toBe('…')
    expect(maskKey('sk-tiny')).toBe('sk-…')
  })
})
