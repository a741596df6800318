/**
 * Stream timeouts set where a user sets them — a step's `timeouts:`, the spec's
 * `provider_timeouts:`, or <PROVIDER>_FIRST_TOKEN_TIMEOUT_MS — reach the real adapter, and the
 * failure names those knobs and never promises a retry that will not come.
 */
import { describe, expect, it } from 'vitest'
import { FAKE_OPENAI_KEY, startFakeOpenAI } from '../providers/openai/testing/fake-openai-server'
import type { FakeProviderServer } from '../providers/testing/contract-types'
import { runJob } from './run-job'
import { makeFixture, readEventsStrict, type EngineFixture } from './testing/engine-fixture'
import { serverForTest } from '../testing/run-fixture'

const spec = (extra: { top?: string; step?: string }) => `project: slow
task: t
provider: openai
model: gpt-4o-mini
${extra.top ?? ''}
agents:
  w: { system: s }
steps:
  - { id: only, agent: w, prompt: go, retries: 0${extra.step ?? ''} }
`

let fixture: EngineFixture
let server: FakeProviderServer | undefined

describe('stream timeouts from the spec and the environment', () => {
  it.each([
    ["a step's timeouts:", { step: ', timeouts: { first_token_ms: 150 }' }, {}],
    ['the spec provider_timeouts:', { top: 'provider_timeouts: { openai: { first_token_ms: 150 } }' }, {}],
    ['OPENAI_FIRST_TOKEN_TIMEOUT_MS', {}, { OPENAI_FIRST_TOKEN_TIMEOUT_MS: '150' }],
  ])('%s sets the first-token timeout, and the failure names the knobs', async (_, extra, extraEnv) => {
    fixture = makeFixture(spec(extra))
    server = await serverForTest(
      startFakeOpenAI({
        apiKey: FAKE_OPENAI_KEY,
        models: ['gpt-4o-mini'],
        script: () => ({ kind: 'stall_headers', ms: 3_000 }),
      }),
    )
    const env = { OPENAI_API_KEY: FAKE_OPENAI_KEY, OPENAI_BASE_URL: server.url, ...extraEnv }
    const result = await runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, env })
    expect(result.status).toBe('failed')
    const failed = readEventsStrict(result.runDir).find((e) => e.type === 'step.failed')
    expect(failed).toMatchObject({ attempts: 1, error: { kind: 'timeout' } })
    const message = failed?.type === 'step.failed' ? failed.error.message : ''
    expect(message).toContain('first token timeout (150 ms)')
    expect(message).toContain('OPENAI_FIRST_TOKEN_TIMEOUT_MS')
    expect(message).toContain('provider_timeouts.openai')
    expect(message).not.toMatch(/will be retried/)
  })
})
