import { describe, expect, it } from 'vitest'
import { ollamaSlotHint, parallelFromEnv, servingParallelism, suggestedParallel } from './ollama-parallelism'
import { chooseProfile } from './tuning-profile'
import { detectHardware } from './hardware'
import { probeFromFixture } from './testing/sysctl-fixture'

describe('the serving Ollama’s parallelism', () => {
  it('reads OLLAMA_NUM_PARALLEL as Ollama does, and is Ollama’s default of 1 otherwise', () => {
    expect(servingParallelism({})).toBe(1)
    expect(servingParallelism({ OLLAMA_NUM_PARALLEL: '4' })).toBe(4)
    expect(servingParallelism({ OLLAMA_NUM_PARALLEL: ' 3 ' })).toBe(3)
    // sched.go: max(NumParallel, 1); config.go: an unparsable value is the default
    expect(servingParallelism({ OLLAMA_NUM_PARALLEL: '0' })).toBe(1)
    expect(servingParallelism({ OLLAMA_NUM_PARALLEL: 'lots' })).toBe(1)
    expect(servingParallelism({ OLLAMA_NUM_PARALLEL: '-2' })).toBe(1)
    expect(parallelFromEnv({ OLLAMA_NUM_PARALLEL: '' })).toBeUndefined()
  })

  it('suggests the machine profile’s slots when they are more, else one more', async () => {
    const hw = await detectHardware(probeFromFixture('m4-max.txt'))
    expect(chooseProfile(hw).server.OLLAMA_NUM_PARALLEL).toBe(4)
    expect(suggestedParallel(1, hw)).toBe(4)
    expect(suggestedParallel(4, hw)).toBe(5)
    expect(ollamaSlotHint(1, hw)).toBe('set OLLAMA_NUM_PARALLEL=4 for ollama serve to raise')
  })
})
