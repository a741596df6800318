import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { OrchestratorError } from '../errors'
import { freePort } from './free-port'
import { GIB, type HardwareInfo } from '../machine/hardware'
import type { LaunchEvent, PullProgress } from './launch-events'
import { ensureOllama, type OllamaHandle } from './ollama-launcher'
import { isAlive, killFakes, writeFakeExecutables, type FakeBin } from './testing/fake-executables'
import { testTempDir } from '../testing/test-temp-dir'

const M3_MAX: HardwareInfo = {
  platform: 'darwin',
  arch: 'arm64',
  chip: 'Apple M3 Max',
  performanceCores: 10,
  efficiencyCores: 4,
  totalCores: 14,
  memoryBytes: 36 * GIB,
  appleSilicon: true,
}

const handles: OllamaHandle[] = []
const bins: FakeBin[] = []
const servers: http.Server[] = []

afterEach(async () => {
  await Promise.all(handles.splice(0).map((h) => h.stop()))
  for (const bin of bins.splice(0)) killFakes(bin)
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise((r) => {
          s.close(r)
          s.closeAllConnections()
        }),
    ),
  )
})

function fakes(): FakeBin {
  const bin = writeFakeExecutables(['ollama'])
  bins.push(bin)
  return bin
}

async function launch(options: Parameters<typeof ensureOllama>[0]): Promise<OllamaHandle> {
  const handle = await ensureOllama({ hardware: M3_MAX, wellKnown: [], ...options })
  handles.push(handle)
  return handle
}

async function listen(handler: http.RequestListener): Promise<number> {
  const server = http.createServer(handler)
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return (server.address() as AddressInfo).port
}

function waitFor(events: LaunchEvent[], type: LaunchEvent['type'], timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const tick = (): void => {
      if (events.some((e) => e.type === type)) resolve()
      else if (Date.now() - started > timeoutMs) reject(new Error(`no ${type} event; saw ${events.map((e) => e.type).join(', ')}`))
      else setTimeout(tick, 20)
    }
    tick()
  })
}

describe('ensureOllama with a fake ollama on PATH', () => {
  it('starts ollama serve with the tuned environment and stops it only because it started it', async () => {
    const bin = fakes()
    const port = await freePort()
    const events: LaunchEvent[] = []
    const handle = await launch({
      env: bin.env({ OLLAMA_HOST: `127.0.0.1:${port}`, FAKE_MODELS: 'qwen2.5-coder:7b' }),
      onProgress: (e) => events.push(e),
    })
    expect(handle).toMatchObject({ host: `http://127.0.0.1:${port}`, startedByUs: true, version: '0.0.0-fake' })
    expect(await handle.models()).toEqual(['qwen2.5-coder:7b'])
    const [start] = bin.starts()
    expect(start?.args).toEqual(['serve'])
    expect(start?.env).toMatchObject({
      OLLAMA_HOST: `127.0.0.1:${port}`,
      OLLAMA_NUM_PARALLEL: '3',
      OLLAMA_FLASH_ATTENTION: '1',
      OLLAMA_KV_CACHE_TYPE: 'q8_0',
      OLLAMA_KEEP_ALIVE: '30m',
    })
    expect(events.map((e) => e.type)).toEqual(['starting', 'ready'])
    await handle.stop()
    expect(isAlive(start?.pid ?? 0)).toBe(false)
    expect(events.at(-1)?.type).toBe('stopped')
  })

  it('reuses a server already answering at OLLAMA_HOST and never stops it', async () => {
    const bin = fakes()
    const first = await launch({ env: bin.env({ OLLAMA_HOST: `127.0.0.1:${await freePort()}` }) })
    const events: LaunchEvent[] = []
    const second = await launch({ env: bin.env({ OLLAMA_HOST: first.host }), onProgress: (e) => events.push(e) })
    expect(second).toMatchObject({ host: first.host, startedByUs: false })
    expect(events).toEqual([{ type: 'reused', server: 'ollama', host: first.host }])
    await second.stop()
    expect(bin.starts()).toHaveLength(1)
    expect(await first.models()).toEqual([])
  })

  it('moves to another port when the OLLAMA_HOST port is taken by something that is not Ollama', async () => {
    const bin = fakes()
    const busy = await listen((_req, res) => res.writeHead(404).end('nope'))
    const events: LaunchEvent[] = []
    const handle = await launch({ env: bin.env({ OLLAMA_HOST: `127.0.0.1:${busy}` }), onProgress: (e) => events.push(e) })
    expect(handle.startedByUs).toBe(true)
    expect(handle.host).not.toBe(`http://127.0.0.1:${busy}`)
    expect(events).toContainEqual({ type: 'port_in_use', server: 'ollama', port: busy })
    expect(await handle.models()).toEqual([])
  })

  it('picks another port when the server exits because its port was taken after the check', async () => {
    const bin = fakes()
    const wanted = await freePort()
    const picks = [wanted]
    let taken: number | undefined
    const handle = await launch({
      env: bin.env({ OLLAMA_HOST: `127.0.0.1:${wanted}` }),
      onProgress: (e) => {
        if (e.type === 'starting' && taken === undefined) {
          taken = wanted
          const squatter = http.createServer()
          servers.push(squatter)
          squatter.listen(wanted, '127.0.0.1')
        }
      },
      pickPort: async () => picks.pop() ?? freePort(),
    })
    expect(handle.host).not.toBe(`http://127.0.0.1:${wanted}`)
    expect(bin.starts().length).toBeGreaterThanOrEqual(2)
  })

  it('gives up at the health deadline with a timeout error and kills the server that never answered', async () => {
    const bin = fakes()
    const err = await ensureOllama({
      hardware: M3_MAX,
      wellKnown: [],
      env: bin.env({ OLLAMA_HOST: `127.0.0.1:${await freePort()}`, FAKE_HANG: '1' }),
      deadlineMs: 600,
      probeTimeoutMs: 200,
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OrchestratorError)
    expect((err as OrchestratorError).kind).toBe('timeout')
    expect((err as OrchestratorError).message).toMatch(/did not become ready .* within 0\.6 s/)
    const [start] = bin.starts()
    expect(start).toBeDefined()
    expect(isAlive(start?.pid ?? 0)).toBe(false)
  })

  it('restarts a server that dies mid-run on the same host, with backoff', async () => {
    const bin = fakes()
    const dieFile = join(bin.dir, 'die')
    const events: LaunchEvent[] = []
    const handle = await launch({
      env: bin.env({ OLLAMA_HOST: `127.0.0.1:${await freePort()}`, FAKE_DIE_FILE: dieFile }),
      onProgress: (e) => events.push(e),
      restartDelayMs: 50,
    })
    writeFileSync(dieFile, '')
    await waitFor(events, 'restarted')
    expect(events.map((e) => e.type)).toEqual(['starting', 'ready', 'exited', 'restarting', 'restarted'])
    expect(events[3]).toMatchObject({ attempt: 1, delayMs: 50 })
    expect(await handle.models()).toEqual([])
    expect(bin.starts()).toHaveLength(2)
    expect(bin.starts()[1]?.port).toBe(bin.starts()[0]?.port)
  })

  it('stops restarting after the bounded number of attempts', async () => {
    const bin = fakes()
    const events: LaunchEvent[] = []
    await launch({
      env: bin.env({ OLLAMA_HOST: `127.0.0.1:${await freePort()}`, FAKE_EXIT_AFTER_MS: '1500' }),
      onProgress: (e) => events.push(e),
      restartDelayMs: 20,
      maxRestarts: 0,
    })
    await waitFor(events, 'gave_up')
    expect(events.map((e) => e.type)).toEqual(['starting', 'ready', 'exited', 'gave_up'])
  })

  it('pulls a model with progress whose completed bytes only grow, then lists it', async () => {
    const bin = fakes()
    const handle = await launch({ env: bin.env({ OLLAMA_HOST: `127.0.0.1:${await freePort()}`, FAKE_PULL_STEPS: '6' }) })
    const seen: PullProgress[] = []
    await handle.pull('llama3.2:1b', (p) => seen.push(p))
    const completed = seen.flatMap((p) => (p.completed === undefined ? [] : [p.completed]))
    expect(completed).toHaveLength(6)
    expect([...completed].sort((a, b) => a - b)).toEqual(completed)
    expect(completed.at(-1)).toBe(seen.find((p) => p.total !== undefined)?.total)
    expect(seen.at(-1)?.status).toBe('success')
    expect(await handle.models()).toEqual(['llama3.2:1b'])
  })

  it('reports a model the registry does not have as model_not_found', async () => {
    const bin = fakes()
    const handle = await launch({ env: bin.env({ OLLAMA_HOST: `127.0.0.1:${await freePort()}` }) })
    await expect(handle.pull('missing-model', () => undefined)).rejects.toMatchObject({
      kind: 'model_not_found',
      message: expect.stringContaining('ollama.com/library'),
    })
  })

  it('says how to install Ollama when the binary is nowhere', async () => {
    const empty = testTempDir('uo-empty-')
    const err = await ensureOllama({
      hardware: M3_MAX,
      wellKnown: [],
      env: { PATH: empty, OLLAMA_HOST: `127.0.0.1:${await freePort()}` },
      probeTimeoutMs: 300,
    }).catch((e: unknown) => e)
    expect(err).toMatchObject({ kind: 'bad_input', message: expect.stringContaining('brew install ollama') })
    expect((err as Error).message).toContain('https://ollama.com/download')
  })

  it('finds the copy bundled with the app when nothing else has ollama', async () => {
    const bin = fakes()
    const empty = testTempDir('uo-empty-')
    const handle = await launch({
      env: {
        PATH: `${empty}:${process.env.PATH ?? ''}`.replace(bin.dir, ''),
        FAKE_LOG: bin.log,
        OLLAMA_HOST: `127.0.0.1:${await freePort()}`,
      },
      bundledOllama: join(bin.dir, 'ollama'),
    })
    expect(handle.binary).toMatchObject({ source: 'bundled' })
    expect(handle.startedByUs).toBe(true)
  })
})
