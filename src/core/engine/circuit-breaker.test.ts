/**
 * The circuit breaker per provider: unit behaviour on a fake clock, and through runJob, where a
 * provider that keeps failing stops being called once CB_THRESHOLD attempts failed in a row.
 */
import { describe, expect, it } from 'vitest'
import { OrchestratorError, ProviderError } from '../errors'
import { CircuitBreakers, circuitSettingsFromEnv } from './circuit-breaker'
import { runJob } from './run-job'
import { createScriptedProvider } from './testing/scripted-provider'
import { makeFixture, readEventsStrict, type EngineFixture } from './testing/engine-fixture'

const serverDown = { kind: 'server', retryable: true, message: 'HTTP 503' } as const

describe('CircuitBreakers', () => {
  it('opens after CB_THRESHOLD breaking failures in a row and fails fast with circuit_open', () => {
    let now = 0
    const breakers = new CircuitBreakers({ threshold: 3, cooldownMs: 60_000 }, () => now)
    for (let i = 0; i < 2; i++) {
      breakers.check('openai')
      breakers.failure('openai', serverDown)
    }
    expect(() => breakers.check('openai')).not.toThrow()
    breakers.failure('openai', serverDown)
    let refused: unknown
    try {
      breakers.check('openai')
    } catch (err) {
      refused = err
    }
    expect(refused).toBeInstanceOf(OrchestratorError)
    expect(refused).toMatchObject({ kind: 'circuit_open', retryable: false })
    expect((refused as Error).message).toMatch(/openai failed 3 times in a row.*CB_THRESHOLD and CB_COOLDOWN_S/)
    expect(() => breakers.check('anthropic')).not.toThrow()
    now = 59_000
    expect(() => breakers.check('openai')).toThrow(/circuit breaker is open/)
  })

  it('lets one trial through after the cooldown: success closes it, failure reopens it', () => {
    let now = 0
    const breakers = new CircuitBreakers({ threshold: 1, cooldownMs: 1_000 }, () => now)
    breakers.failure('mlx', serverDown)
    now = 1_000
    expect(() => breakers.check('mlx')).not.toThrow()
    expect(() => breakers.check('mlx')).toThrow(/circuit breaker is open/)
    breakers.failure('mlx', serverDown)
    expect(() => breakers.check('mlx')).toThrow(/circuit breaker is open/)
    now = 2_000
    breakers.check('mlx')
    breakers.success('mlx')
    expect(breakers.isOpen('mlx')).toBe(false)
    expect(() => breakers.check('mlx')).not.toThrow()
  })

  it('does not count failures that say nothing about the provider being down', () => {
    const breakers = new CircuitBreakers({ threshold: 1, cooldownMs: 1_000 })
    breakers.failure('openai', { kind: 'bad_request', retryable: false, message: 'bad' })
    breakers.failure('openai', { kind: 'no_files_written', retryable: false, message: 'none' })
    expect(breakers.isOpen('openai')).toBe(false)
  })

  it('reads CB_THRESHOLD and CB_COOLDOWN_S like the original tool, defaulting to 5 and 60 s', () => {
    expect(circuitSettingsFromEnv({})).toEqual({ threshold: 5, cooldownMs: 60_000 })
    expect(circuitSettingsFromEnv({ CB_THRESHOLD: '2', CB_COOLDOWN_S: '1.5' })).toEqual({ threshold: 2, cooldownMs: 1_500 })
    expect(circuitSettingsFromEnv({ CB_THRESHOLD: 'x', CB_COOLDOWN_S: '-1' })).toEqual({ threshold: 5, cooldownMs: 60_000 })
  })
})

const WIDE_SPEC = `project: wide
task: t
provider: scripted
concurrency: 1
defaults: { timeout_s: 5, retries: 1 }
agents:
  w: { system: s }
steps:
${['a', 'b', 'c', 'd', 'e'].map((id) => `  - { id: ${id}, agent: w, prompt: "step ${id}" }`).join('\n')}
`

let fixture: EngineFixture

describe('a broken provider during a run', () => {
  it('is called CB_THRESHOLD times, then the remaining steps fail fast with circuit_open', async () => {
    fixture = makeFixture(WIDE_SPEC)
    const provider = createScriptedProvider(() => {
      throw new ProviderError(serverDown)
    })
    const result = await runJob({
      spec: fixture.specPath,
      runsDir: fixture.runsDir,
      providers: { scripted: provider },
      env: { CB_THRESHOLD: '3', CB_COOLDOWN_S: '600' },
      retryPolicy: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2, jitter: 0 },
    })
    expect(result.status).toBe('failed')
    expect(provider.calls).toHaveLength(3)
    const failed = readEventsStrict(result.runDir).flatMap((e) => (e.type === 'step.failed' ? [e] : []))
    expect(failed.map((e) => e.error.kind)).toEqual(['server', 'circuit_open', 'circuit_open', 'circuit_open', 'circuit_open'])
    expect(failed[0]?.attempts).toBe(2)
    expect(failed[1]?.attempts).toBe(1)
    expect(failed.at(-1)?.attempts).toBe(0)
    expect(failed.every((e) => !/will be retried/.test(e.error.message))).toBe(true)
  })
})
