import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { pullProgressSchema, type PushPayload } from '../../shared/ipc'
import { startFakeOllama, type FakeOllama, type FakeOllamaOptions } from '../providers/ollama/testing/fake-ollama-server'
import { createAppFixture, type AppFixture } from './testing/app-fixture'

type Progress = PushPayload<'local.pull'>

let fx: AppFixture | undefined
let fake: FakeOllama | undefined
afterEach(async () => {
  await fx?.close()
  await fake?.close()
  fx = undefined
  fake = undefined
})

async function withFake(options: FakeOllamaOptions): Promise<{ fx: AppFixture; fake: FakeOllama; pushes: Progress[] }> {
  fake = await startFakeOllama(() => ({ text: ['x'] }), { version: '0.9.1', ...options })
  fx = createAppFixture({ env: { OLLAMA_HOST: fake.url } })
  const pushes: Progress[] = []
  fx.service.onPush((m) => {
    if (m.channel === 'local.pull') pushes.push(pullProgressSchema.parse(m.payload))
  })
  return { fx, fake, pushes }
}

/** A 127.0.0.1 URL where nothing listens. */
async function deadHost(): Promise<string> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as { port: number }
  await new Promise<void>((r) => server.close(() => r()))
  return `http://127.0.0.1:${port}`
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`timed out waiting for ${what}`)
}

describe('local.status', () => {
  it('reports the server at OLLAMA_HOST as reachable with its version, models and sizes, and the tuning profile', async () => {
    const { fx, fake } = await withFake({ models: ['qwen2.5-coder:7b', 'llama3.2:1b'], sizes: { 'qwen2.5-coder:7b': 4_683_087_332 } })
    const status = await fx.invoke('local.status', {})
    expect(status.ollama).toEqual({
      host: fake.url,
      reachable: true,
      version: '0.9.1',
      models: [
        { name: 'llama3.2:1b', size_bytes: 1 },
        { name: 'qwen2.5-coder:7b', size_bytes: 4_683_087_332 },
      ],
    })
    expect(status.profile.name).not.toBe('')
    expect(status.profile.parallel).toBeGreaterThanOrEqual(1)
  })

  it('uses the host saved in Settings over OLLAMA_HOST', async () => {
    const dead = await deadHost()
    fake = await startFakeOllama(() => ({ text: ['x'] }), { version: '1.0.0' })
    fx = createAppFixture({ env: { OLLAMA_HOST: dead } })
    expect((await fx.invoke('local.status', {})).ollama.reachable).toBe(false)
    await fx.invoke('settings.set', { ollamaHost: fake.url })
    expect((await fx.invoke('local.status', {})).ollama).toMatchObject({ host: fake.url, reachable: true, version: '1.0.0' })
  })

  it('says how to start a server that is not running, without starting one', async () => {
    const dead = await deadHost()
    fx = createAppFixture({ env: { OLLAMA_HOST: dead, PATH: '' } })
    const { ollama } = await fx.invoke('local.status', {})
    expect(ollama).toMatchObject({ host: dead, reachable: false, version: null, models: [] })
    expect(ollama.error).toContain('ollama serve')
    expect((await fx.invoke('local.status', {})).ollama.reachable).toBe(false)
  })

  it('a server without /api/version still counts as reachable when it lists models', async () => {
    fake = await startFakeOllama(() => ({ text: ['x'] }))
    fx = createAppFixture({ env: { OLLAMA_HOST: fake.url } })
    expect((await fx.invoke('local.status', {})).ollama).toMatchObject({
      reachable: true,
      version: null,
      models: [{ name: 'qwen3.5' }],
    })
  })
})

describe('local.pull', () => {
  it('pulls in the background with progress pushes up to done; the model is listed afterwards', async () => {
    const { fx, fake, pushes } = await withFake({ models: [], pull: { steps: 5, totalBytes: 2_000_000, delayMs: 40 } })
    expect(await fx.invoke('local.pull', { model: 'llama3.2:1b' })).toEqual({ started: true })
    expect(await fx.invoke('local.pull', { model: 'llama3.2:1b' })).toEqual({ started: false })
    await until(() => pushes.some((p) => p.done), 'the final pull message')
    expect(fake.pullRequests).toEqual(['llama3.2:1b'])
    const done = pushes.filter((p) => p.done)
    expect(done).toEqual([{ model: 'llama3.2:1b', status: 'success', completed: 2_000_000, total: 2_000_000, done: true }])
    const completed = pushes.map((p) => p.completed)
    expect(completed).toEqual([...completed].sort((a, b) => a - b))
    expect(pushes.some((p) => !p.done && p.completed > 0 && p.completed < 2_000_000)).toBe(true)
    expect((await fx.invoke('local.status', {})).ollama.models).toEqual([{ name: 'llama3.2:1b', size_bytes: 2_000_000 }])
    expect(await fx.invoke('local.pull', { model: 'llama3.2:1b' })).toEqual({ started: true })
  })

  it('reports a failed pull in the final push with the server error', async () => {
    const { fx, pushes } = await withFake({ pull: { fail: 'pull model manifest: file does not exist' } })
    await fx.invoke('local.pull', { model: 'no-such-model' })
    await until(() => pushes.some((p) => p.done), 'the final pull message')
    const last = pushes.at(-1)
    expect(last).toMatchObject({ model: 'no-such-model', status: 'failed', done: true })
    expect(last?.error).toContain('file does not exist')
    expect((await fx.invoke('local.status', {})).ollama.models.map((m) => m.name)).toEqual(['qwen3.5'])
  })

  it('refuses to pull when no server answers, naming ollama serve', async () => {
    fx = createAppFixture({ env: { OLLAMA_HOST: await deadHost() } })
    const result = await fx.raw('local.pull', { model: 'llama3' })
    expect(result).toMatchObject({ ok: false, error: { kind: 'network' } })
    expect(!result.ok && result.error.message).toContain('ollama serve')
  })

  it('rejects a model name that is not a model reference before any work', async () => {
    const { fx, fake } = await withFake({ pull: {} })
    expect(await fx.raw('local.pull', { model: '--insecure' })).toMatchObject({ ok: false, error: { kind: 'bad_input' } })
    expect(await fx.raw('local.pull', { model: 'x'.repeat(201) })).toMatchObject({ ok: false, error: { kind: 'bad_input' } })
    expect(fake.pullRequests).toEqual([])
  })

  it('shutdown cancels a running pull and ends it with a final message', async () => {
    const { fx, pushes } = await withFake({ pull: { steps: 50, delayMs: 200 } })
    await fx.invoke('local.pull', { model: 'llama3' })
    await until(() => pushes.length > 0, 'the first progress message')
    await fx.service.shutdown()
    expect(pushes.at(-1)).toMatchObject({ model: 'llama3', done: true, error: 'cancelled' })
  })
})
