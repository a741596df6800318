import { describe, expect, it } from 'vitest'
import { formatCloudReport, gatherCloudReport } from './doctor-cloud'

describe('doctor: cloud providers', () => {
  it('names the current default models, the OpenAI API chosen from the base URL, timeouts with their variables, and the breaker', () => {
    const report = gatherCloudReport({})
    const text = formatCloudReport(report).join('\n')
    expect(text).toMatch(/^openai {4}gpt-5\.6-terra — the default/m)
    expect(text).toContain('https://api.openai.com/v1 via the Responses API')
    expect(text).toMatch(/^anthropic claude-sonnet-5-5 — the default/m)
    expect(text).toContain('system prompt and tools cached across the turns of a step')
    expect(text).toContain('OPENAI_FIRST_TOKEN_TIMEOUT_MS')
    expect(text).toMatch(/^breaker {3}5 failures, 60 s cooldown .*CB_THRESHOLD, CB_COOLDOWN_S/m)
  })

  it('follows the environment: a compatible server gets Chat Completions, models and timeouts as set', () => {
    const report = gatherCloudReport({
      OPENAI_BASE_URL: 'http://127.0.0.1:1234/v1',
      OPENAI_MODEL: 'qwen3-coder',
      ANTHROPIC_FIRST_TOKEN_TIMEOUT_MS: '90000',
      CB_THRESHOLD: '2',
    })
    const [openai, anthropic] = report.providers
    expect(openai).toMatchObject({ model: 'qwen3-coder', modelNote: 'set by OPENAI_MODEL', api: { name: 'chat' } })
    expect(anthropic?.timeouts.firstTokenMs).toBe(90_000)
    expect(report.breaker.threshold).toBe(2)
    expect(gatherCloudReport({ OPENAI_BASE_URL: 'http://127.0.0.1:1234/v1', OPENAI_API: 'responses' }).providers[0]?.api).toEqual({
      name: 'responses',
      note: 'set by OPENAI_API',
    })
  })
})
