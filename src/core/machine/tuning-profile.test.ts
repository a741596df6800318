import { describe, expect, it } from 'vitest'
import { GIB, detectHardware, describeHardware } from './hardware'
import { probeFromFixture } from './testing/sysctl-fixture'
import { chooseProfile, mergeOverrides, ollamaParallelism, overridesFromEnv, serverEnvOf } from './tuning-profile'

const hardwareOf = (fixture: string) => detectHardware(probeFromFixture(fixture))

describe('detectHardware on recorded sysctl outputs', () => {
  it('reads chip, performance/efficiency cores and memory of an M3 Max', async () => {
    expect(await hardwareOf('m3-max.txt')).toEqual({
      platform: 'darwin',
      arch: 'arm64',
      chip: 'Apple M3 Max',
      performanceCores: 10,
      efficiencyCores: 4,
      totalCores: 14,
      memoryBytes: 36 * GIB,
      appleSilicon: true,
    })
  })

  it('leaves performance levels unknown on an Intel Mac but counts its physical cores', async () => {
    const hw = await hardwareOf('intel-mac.txt')
    expect(hw).toMatchObject({
      appleSilicon: false,
      chip: expect.stringContaining('i9-9880H'),
      performanceCores: 8,
      efficiencyCores: null,
      totalCores: 8,
      memoryBytes: 16 * GIB,
    })
  })

  it('uses os on Linux without calling sysctl', async () => {
    const probe = probeFromFixture('linux-x86.txt')
    let calls = 0
    const hw = await detectHardware({
      ...probe,
      exec: () => {
        calls++
        return Promise.reject(new Error('no sysctl'))
      },
    })
    expect(calls).toBe(0)
    expect(hw).toMatchObject({
      platform: 'linux',
      chip: 'AMD Ryzen 9 5950X 16-Core Processor',
      performanceCores: null,
      totalCores: 32,
      memoryBytes: 64 * GIB,
      appleSilicon: false,
    })
    expect(describeHardware(hw)).toContain('32 cores, 64 GB memory')
  })
})

describe('chooseProfile', () => {
  it('gives an M3 Max the seed numbers and enough parallel slots for Builder and Docs', async () => {
    const profile = chooseProfile(await hardwareOf('m3-max.txt'))
    expect(profile.name).toBe('apple-m3-max')
    expect(profile.options).toEqual({ num_thread: 14, num_batch: 512, num_ctx: 8192, num_predict: 2048, num_gpu: 999 })
    expect(profile.server).toMatchObject({ OLLAMA_NUM_PARALLEL: 3, OLLAMA_FLASH_ATTENTION: true, OLLAMA_KV_CACHE_TYPE: 'q8_0' })
    expect(profile.overridden).toEqual([])
  })

  it.each([
    [
      'm1.txt',
      'apple-m1',
      { num_thread: 4, num_batch: 256, num_ctx: 4096, num_gpu: 999 },
      { OLLAMA_NUM_PARALLEL: 2, OLLAMA_MAX_LOADED_MODELS: 1 },
    ],
    [
      'm2-pro.txt',
      'apple-m2-pro',
      { num_thread: 8, num_batch: 512, num_ctx: 8192, num_gpu: 999 },
      { OLLAMA_NUM_PARALLEL: 3, OLLAMA_MAX_LOADED_MODELS: 1 },
    ],
    [
      'm4-max.txt',
      'apple-m4-max',
      { num_thread: 12, num_batch: 512, num_ctx: 8192, num_gpu: 999 },
      { OLLAMA_NUM_PARALLEL: 4, OLLAMA_MAX_LOADED_MODELS: 2, OLLAMA_KV_CACHE_TYPE: 'f16' },
    ],
    ['intel-mac.txt', 'intel-mac', { num_thread: 8, num_gpu: 0 }, { OLLAMA_NUM_PARALLEL: 2, OLLAMA_FLASH_ATTENTION: false }],
    ['linux-x86.txt', 'linux-x64', { num_thread: 16, num_gpu: -1 }, { OLLAMA_NUM_PARALLEL: 4, OLLAMA_MAX_LOADED_MODELS: 2 }],
  ])('scales %s by cores and memory', async (fixture, name, options, server) => {
    const profile = chooseProfile(await hardwareOf(fixture))
    expect(profile.name).toBe(name)
    expect(profile.options).toMatchObject(options)
    expect(profile.server).toMatchObject(server)
    expect(profile.server.OLLAMA_NUM_PARALLEL).toBeGreaterThanOrEqual(2)
    expect(profile.server.OLLAMA_NUM_PARALLEL).toBeLessThanOrEqual(4)
  })

  it('lets environment variables win over the profile and says which ones did', async () => {
    const hw = await hardwareOf('m3-max.txt')
    const env = {
      OLLAMA_NUM_THREAD: '8',
      OLLAMA_NUM_PARALLEL: '1',
      OLLAMA_KV_CACHE_TYPE: 'q4_0',
      OLLAMA_NUM_CTX: 'big',
      OLLAMA_FLASH_ATTENTION: 'false',
    }
    const profile = chooseProfile(hw, overridesFromEnv(env))
    expect(profile.options).toMatchObject({ num_thread: 8, num_ctx: 8192 })
    expect(profile.server).toMatchObject({ OLLAMA_NUM_PARALLEL: 1, OLLAMA_KV_CACHE_TYPE: 'q4_0', OLLAMA_FLASH_ATTENTION: false })
    expect(profile.overridden.sort()).toEqual(['OLLAMA_FLASH_ATTENTION', 'OLLAMA_KV_CACHE_TYPE', 'OLLAMA_NUM_PARALLEL', 'num_thread'])
    expect(serverEnvOf(profile)).toMatchObject({ OLLAMA_NUM_PARALLEL: '1', OLLAMA_FLASH_ATTENTION: '0', OLLAMA_KEEP_ALIVE: '30m' })
  })

  it('layers config, spec and environment overrides with the later one winning', async () => {
    const hw = await hardwareOf('m1.txt')
    const merged = mergeOverrides(
      { options: { num_ctx: 2048, num_batch: 128 } },
      { options: { num_ctx: 6144 } },
      overridesFromEnv({ OLLAMA_NUM_BATCH: '64' }),
    )
    expect(chooseProfile(hw, merged).options).toMatchObject({ num_ctx: 6144, num_batch: 64 })
  })

  it('uses the same parallelism for the server it starts and for the scheduler limit', async () => {
    const hw = await hardwareOf('m4-max.txt')
    expect(ollamaParallelism({}, hw)).toBe(4)
    expect(ollamaParallelism({ OLLAMA_NUM_PARALLEL: '2' }, hw)).toBe(2)
    expect(ollamaParallelism({ OLLAMA_NUM_PARALLEL: 'lots' }, hw)).toBe(4)
    expect(serverEnvOf(chooseProfile(hw)).OLLAMA_NUM_PARALLEL).toBe(String(ollamaParallelism({}, hw)))
  })
})
