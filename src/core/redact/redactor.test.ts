import { describe, expect, it } from 'vitest'
import { cacheKey, type CacheRequest } from '../run/llm-cache'
import { REDACTED, Redactor, isSecretEnvName } from './redactor'

const openai = 'sk-proj-abcdefghijklmnop1234567890'
const custom = 'plain-looking-secret-42'

describe('Redactor', () => {
  it('takes secrets from *_API_KEY and *_TOKEN variables and nothing else', () => {
    const r = Redactor.fromEnv({ OPENAI_API_KEY: openai, GITHUB_TOKEN: custom, HOME: '/Users/someone/projects', SHORT_TOKEN: 'abc' })
    expect(r.redact(`key ${openai} and ${custom} at /Users/someone/projects abc`)).toBe(
      `key ${REDACTED} and ${REDACTED} at /Users/someone/projects abc`,
    )
    expect(isSecretEnvName('ANTHROPIC_API_KEY')).toBe(true)
    expect(isSecretEnvName('PATH')).toBe(false)
  })

  it('recognises key-shaped strings without being told', () => {
    const r = new Redactor()
    expect(r.redact('use sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAA now')).toBe(`use ${REDACTED} now`)
    expect(r.redact('Authorization: Bearer abc.def-ghi_jkl')).toBe(`Authorization: Bearer ${REDACTED}`)
    expect(r.redact('GET https://x.test/v1/models?key=AIzaSyXYZ123&alt=json')).toBe(`GET https://x.test/v1/models?key=${REDACTED}&alt=json`)
    expect(r.redact('a task-list with sk-short and a desk-lamp')).toBe('a task-list with sk-short and a desk-lamp')
    expect(r.test('nothing secret here')).toBe(false)
  })

  it('redacts keys registered at runtime, including their JSON-escaped form', () => {
    const r = new Redactor()
    const odd = 'we"ird\\secret-value'
    r.add(odd)
    r.add(custom)
    expect(r.redact(`x ${custom} y`)).toBe(`x ${REDACTED} y`)
    expect(r.redact(JSON.stringify({ m: odd }))).toBe(`{"m":"${REDACTED}"}`)
  })

  it('copies only objects that contained a secret, keeping prototypes and the rest untouched', () => {
    const r = new Redactor([custom])
    const clean = { a: 'fine', list: ['x', 1, null] }
    expect(r.redactDeep(clean)).toBe(clean)
    const steps = Object.create(null) as Record<string, { message: string }>
    steps.s = { message: `failed with ${custom}` }
    const input = { type: 'e', n: 3, steps, list: ['ok', `k=${custom}`] }
    const out = r.redactDeep(input)
    expect(out).not.toBe(input)
    expect(input.steps.s?.message).toContain(custom)
    expect(out.steps.s?.message).toBe(`failed with ${REDACTED}`)
    expect(Object.getPrototypeOf(out.steps)).toBeNull()
    expect(out.list).toEqual(['ok', `k=${REDACTED}`])
    expect(out.n).toBe(3)
  })

  it('keeps redacted JSON lines parseable', () => {
    const r = new Redactor([custom])
    const line = JSON.stringify({ text: `"${custom}"`, url: `https://h/?token=${custom}` })
    expect(JSON.parse(r.redact(line))).toEqual({ text: `"${REDACTED}"`, url: `https://h/?token=${REDACTED}` })
  })
})

describe('cache keys', () => {
  it('are not changed by keys in the environment or credentials on the request object', () => {
    const request: CacheRequest = {
      provider: 'openai',
      model: 'gpt-4o-mini',
      options: { temperature: 0 },
      messages: [{ role: 'user', content: 'hi' }],
      tools: [],
    }
    const before = cacheKey(request)
    const saved = process.env.OPENAI_API_KEY
    process.env.OPENAI_API_KEY = openai
    try {
      expect(cacheKey(request)).toBe(before)
      expect(cacheKey({ ...request, apiKey: openai, headers: { authorization: `Bearer ${openai}` } } as CacheRequest)).toBe(before)
    } finally {
      if (saved === undefined) delete process.env.OPENAI_API_KEY
      else process.env.OPENAI_API_KEY = saved
    }
  })
})
