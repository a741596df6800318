import { afterEach, describe, expect, it } from 'vitest'
import { resolveProviders } from '../engine/resolve-providers'
import { parseSpecText } from '../spec/load-spec'
import { freePort } from './free-port'
import { GIB, type HardwareInfo } from '../machine/hardware'
import type { LaunchEvent } from './launch-events'
import { createLocalPreparer, localNeeds, type LocalPreparer } from './prepare-local'
import { isAlive, killFakes, writeFakeExecutables, type FakeBin } from './testing/fake-executables'
import { testTempDir } from '../testing/test-temp-dir'

const HW: HardwareInfo = {
  platform: 'darwin',
  arch: 'arm64',
  chip: 'Apple M2 Pro',
  performanceCores: 8,
  efficiencyCores: 4,
  totalCores: 12,
  memoryBytes: 32 * GIB,
  appleSilicon: true,
}
const spec = (provider?: string) =>
  parseSpecText(`project: p\ntask_description: build it\n${provider ? `provider: ${provider}\n` : ''}`, 'spec.yaml', {})
const signal = new AbortController().signal

const preparers: LocalPreparer[] = []
const bins: FakeBin[] = []
afterEach(async () => {
  await Promise.all(preparers.splice(0).map((p) => p.close()))
  for (const bin of bins.splice(0)) killFakes(bin)
})

function preparer(events: LaunchEvent[] = []): LocalPreparer {
  const p = createLocalPreparer({ hardware: HW, wellKnown: [], onProgress: (e) => events.push(e) })
  preparers.push(p)
  return p
}

describe('localNeeds', () => {
  it('follows the run precedence: --provider, then PROVIDER, then the spec, then auto', () => {
    expect(localNeeds({ spec: spec('ollama'), env: {} }).ollama).toMatchObject({ required: true, models: new Set(['qwen3.5']) })
    expect(localNeeds({ spec: spec(), env: { OLLAMA_MODEL: 'llama3.2:1b' } }).ollama).toMatchObject({
      required: false,
      models: new Set(['llama3.2:1b']),
    })
    expect(localNeeds({ spec: spec('ollama'), env: { PROVIDER: 'demo' } }).ollama).toBeNull()
    expect(localNeeds({ spec: spec('demo'), provider: 'mlx', model: 'm', env: {} })).toMatchObject({
      ollama: null,
      mlx: { models: new Set(['m']) },
    })
  })
})

describe('createLocalPreparer', () => {
  it('starts Ollama, pulls the missing model with progress, and the providers then use that server', async () => {
    const bin = writeFakeExecutables(['ollama'])
    bins.push(bin)
    const events: LaunchEvent[] = []
    const prepare = preparer(events).prepare
    const env = bin.env({ OLLAMA_HOST: `127.0.0.1:${await freePort()}` })
    const resolved = await resolveProviders(spec('ollama'), { prepareLocal: prepare }, env, signal)
    const [start] = bin.starts()
    const host = `http://127.0.0.1:${start?.port ?? 0}`
    expect(resolved.bindings.get('builder')?.provider.label).toContain(host)
    expect(resolved.bindings.get('builder')?.provider.maxConcurrency).toBe(Number(start?.env.OLLAMA_NUM_PARALLEL))
    expect(events.filter((e) => e.type === 'pull').length).toBeGreaterThan(3)
    expect(resolved.notices.join('\n')).toMatch(/started Ollama at .* \(tuned for apple-m2-pro\)[\s\S]*pulled qwen3\.5/)
    await preparers[0]?.close()
    expect(isAlive(start?.pid ?? 0)).toBe(false)
  })

  it('leaves auto alone when Ollama is not installed, so it can fall back to the demo', async () => {
    const empty = testTempDir('uo-empty-')
    const result = await preparer().prepare({ spec: spec(), env: { PATH: empty, OLLAMA_HOST: `127.0.0.1:${await freePort()}` }, signal })
    expect(result).toEqual({ env: {}, notices: [] })
  })

  it('fails a run that names ollama when it is not installed, saying how to install it', async () => {
    const empty = testTempDir('uo-empty-')
    const env = { PATH: empty, OLLAMA_HOST: `127.0.0.1:${await freePort()}` }
    const result = await preparer().prepare({ spec: spec('ollama'), env, signal })
    expect(result.problems).toEqual([{ provider: 'ollama', message: expect.stringContaining('brew install ollama') }])
    await expect(resolveProviders(spec('ollama'), { prepareLocal: preparer().prepare }, env, signal)).rejects.toMatchObject({
      kind: 'bad_input',
      message: expect.stringContaining('brew install ollama'),
    })
  })

  it('reports every problem at once: Ollama and MLX not installed, and the missing cloud keys', async () => {
    const empty = testTempDir('uo-empty-')
    const env = { PATH: empty, OLLAMA_HOST: `127.0.0.1:${await freePort()}`, MLX_BASE_URL: `http://127.0.0.1:${await freePort()}/v1` }
    const mixed = parseSpecText(
      `project: p
task: t
agents:
  w: { system: s }
steps:
  - { id: a, agent: w, prompt: go, provider: ollama }
  - { id: b, agent: w, prompt: go, provider: mlx }
  - { id: c, agent: w, prompt: go, provider: openai }
  - { id: d, agent: w, prompt: go, provider: anthropic }
`,
      'spec.yaml',
      {},
    )
    const err: unknown = await resolveProviders(mixed, { prepareLocal: preparer().prepare }, env, signal).catch((e: unknown) => e)
    expect(err).toMatchObject({ kind: 'bad_input' })
    const message = (err as Error).message
    expect(message).toContain('brew install ollama')
    expect(message).toMatch(/mlx: .*pip install mlx-lm/)
    expect(message).toContain('OPENAI_API_KEY')
    expect(message).toContain('ANTHROPIC_API_KEY')
  })

  it('reports a failed pull and leaves the verdict to the preflight, which names the fix', async () => {
    const bin = writeFakeExecutables(['ollama'])
    bins.push(bin)
    const events: LaunchEvent[] = []
    const env = bin.env({ OLLAMA_HOST: `127.0.0.1:${await freePort()}` })
    const err = await resolveProviders(spec('ollama'), { prepareLocal: preparer(events).prepare, model: 'missing:1b' }, env, signal).catch(
      (e: unknown) => e,
    )
    expect(events).toContainEqual(expect.objectContaining({ type: 'pull_failed', model: 'missing:1b' }))
    expect(err).toMatchObject({ kind: 'bad_input', message: expect.stringContaining('ollama pull missing:1b') })
  })
})
