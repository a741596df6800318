import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { freePort } from './free-port'
import type { LaunchEvent } from './launch-events'
import { ensureMlx, type MlxHandle } from './mlx-launcher'
import { isAlive, killFakes, writeFakeExecutables, type FakeBin } from './testing/fake-executables'
import { testTempDir } from '../testing/test-temp-dir'

const MODEL = 'mlx-community/Qwen2.5-Coder-7B-Instruct-4bit'
const handles: MlxHandle[] = []
const bins: FakeBin[] = []

afterEach(async () => {
  await Promise.all(handles.splice(0).map((h) => h.stop()))
  for (const bin of bins.splice(0)) killFakes(bin)
})

function fakes(names: Parameters<typeof writeFakeExecutables>[0]): FakeBin {
  const bin = writeFakeExecutables(names)
  bins.push(bin)
  return bin
}

async function launch(options: Parameters<typeof ensureMlx>[0]): Promise<MlxHandle> {
  const handle = await ensureMlx(options)
  handles.push(handle)
  return handle
}

const onlyFakes = (bin: FakeBin): string => `${bin.dir}:${process.env.PATH ?? ''}`

describe('ensureMlx with a fake mlx_lm.server on PATH', () => {
  it('starts mlx_lm.server for the model and serves it at a /v1 base URL, then stops it', async () => {
    const bin = fakes(['mlx_lm.server'])
    const port = await freePort()
    const events: LaunchEvent[] = []
    const handle = await launch({
      env: bin.env({ MLX_BASE_URL: `http://127.0.0.1:${port}/v1` }),
      model: MODEL,
      onProgress: (e) => events.push(e),
    })
    expect(handle).toMatchObject({ baseUrl: `http://127.0.0.1:${port}/v1`, startedByUs: true, binary: { source: 'path' } })
    expect(await handle.models()).toEqual([MODEL])
    const [start] = bin.starts()
    expect(start?.args).toEqual(['--model', MODEL, '--host', '127.0.0.1', '--port', String(port)])
    await handle.stop()
    expect(isAlive(start?.pid ?? 0)).toBe(false)
    expect(events.map((e) => e.type)).toEqual(['starting', 'ready', 'stopped'])
  })

  it('reuses a running MLX server', async () => {
    const bin = fakes(['mlx_lm.server'])
    const first = await launch({ env: bin.env({ MLX_BASE_URL: `http://127.0.0.1:${await freePort()}/v1` }), model: MODEL })
    const second = await launch({ env: bin.env({ MLX_BASE_URL: first.baseUrl }), model: MODEL })
    expect(second).toMatchObject({ baseUrl: first.baseUrl, startedByUs: false })
    expect(bin.starts()).toHaveLength(1)
  })

  it('falls back to python3 -m mlx_lm.server when python can import mlx_lm', async () => {
    const bin = fakes(['python3'])
    const handle = await launch({
      env: { ...bin.env({ FAKE_PY_HAS_MLX: '1' }), PATH: onlyFakes(bin), MLX_BASE_URL: `http://127.0.0.1:${await freePort()}/v1` },
      model: MODEL,
    })
    expect(handle.binary).toMatchObject({ source: 'python', args: ['-m', 'mlx_lm.server'] })
    expect(await handle.models()).toEqual([MODEL])
  })

  it('restarts a crashed MLX server on the same port', async () => {
    const bin = fakes(['mlx_lm.server'])
    const dieFile = join(bin.dir, 'die')
    const events: LaunchEvent[] = []
    const handle = await launch({
      env: bin.env({ MLX_BASE_URL: `http://127.0.0.1:${await freePort()}/v1`, FAKE_DIE_FILE: dieFile }),
      model: MODEL,
      onProgress: (e) => events.push(e),
      restartDelayMs: 20,
    })
    writeFileSync(dieFile, '')
    for (let i = 0; i < 300 && !events.some((e) => e.type === 'restarted'); i++) await new Promise((r) => setTimeout(r, 25))
    expect(events.map((e) => e.type)).toContain('restarted')
    expect(await handle.models()).toEqual([MODEL])
  })

  it('times out at the health deadline with a message naming the command', async () => {
    const bin = fakes(['mlx_lm.server'])
    const err = await ensureMlx({
      env: bin.env({ MLX_BASE_URL: `http://127.0.0.1:${await freePort()}/v1`, FAKE_HANG: '1' }),
      model: MODEL,
      deadlineMs: 500,
      probeTimeoutMs: 200,
    }).catch((e: unknown) => e)
    expect(err).toMatchObject({ kind: 'timeout', message: expect.stringContaining(`--model ${MODEL}`) })
    expect(bin.starts().every((s) => !isAlive(s.pid))).toBe(true)
  })

  it('says to pip install mlx-lm when neither mlx_lm.server nor the python module exists', async () => {
    const bin = fakes(['python3'])
    const empty = testTempDir('uo-empty-')
    const env = { PATH: `${bin.dir}:${empty}:/usr/bin:/bin`, FAKE_PY_HAS_MLX: '0', MLX_BASE_URL: `http://127.0.0.1:${await freePort()}/v1` }
    await expect(ensureMlx({ env, model: MODEL, probeTimeoutMs: 200 })).rejects.toMatchObject({
      kind: 'bad_input',
      message: expect.stringContaining('pip install mlx-lm'),
    })
  })
})
