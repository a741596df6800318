import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { freePort } from '../core/launcher/free-port'
import { isAlive, killFakes, writeFakeExecutables, type FakeBin } from '../core/launcher/testing/fake-executables'
import { runCli } from './run-cli'
import { fakeIo } from './testing/fake-io'
import { testTempDir } from '../core/testing/test-temp-dir'

const TINY = join(import.meta.dirname, '..', '..', 'examples', 'tiny_spec.yaml')
const bins: FakeBin[] = []
afterEach(() => {
  for (const bin of bins.splice(0)) killFakes(bin)
})

async function runWithFakeOllama(isTTY: boolean): Promise<{ out: ReturnType<typeof fakeIo>; bin: FakeBin }> {
  const bin = writeFakeExecutables(['ollama'])
  bins.push(bin)
  const dir = testTempDir('uo-run-launch-')
  const out = fakeIo({
    cwd: dir,
    isTTY,
    env: bin.env({ OLLAMA_HOST: `127.0.0.1:${await freePort()}`, ORCHESTRATOR_RUNS_DIR: join(dir, 'runs'), FAKE_PULL_STEPS: '10' }),
  })
  await runCli(['run', TINY, '--provider', 'ollama'], out.io)
  return { out, bin }
}

describe('orchestrator run with Ollama installed but not running', () => {
  it('starts it, pulls the missing model with plain progress lines, and stops it at the end', async () => {
    const { out, bin } = await runWithFakeOllama(false)
    const text = out.stdout()
    expect(text).toMatch(/starting Ollama at http:\/\/127\.0\.0\.1:\d+/)
    expect(text).toMatch(/pulling qwen3\.5: pulling abc123 50% \(/)
    expect(text).toMatch(/pulling qwen3\.5: success/)
    expect(text).toMatch(/architect started \(ollama qwen3\.5\)/)
    expect(text).toContain('stopped the Ollama this run started')
    expect(text).not.toContain('\r')
    const [start] = bin.starts()
    expect(isAlive(start?.pid ?? 0)).toBe(false)
  })

  it('draws the pull as a progress bar redrawn in place on a TTY', async () => {
    const { out } = await runWithFakeOllama(true)
    const bars = out.writes.filter((w) => w.startsWith('\r\x1b[2Kpulling qwen3.5'))
    expect(bars.length).toBeGreaterThan(5)
    expect(bars.some((w) => /\[#{5,}-*\] +\d+%/.test(w))).toBe(true)
  })
})
