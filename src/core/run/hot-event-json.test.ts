/** hotEventJson must write exactly what JSON.stringify writes, or give up (undefined). */
import { describe, expect, it } from 'vitest'
import type { RunEvent } from '../../shared/run-event'
import { hotEventJson } from './hot-event-json'

const STRINGS = [
  '',
  's1',
  'plain text',
  'quote " and backslash \\',
  'line\nbreak\ttab\r\u0000\u0001\u001f\u007f',
  'ünïcödé 日本語',
  'emoji 😀 pair',
  'lone \ud800 high',
  'lone \udc00 low',
  'reversed \udc00\ud800',
  '\u2028\u2029 separators',
  '</script>',
  'x'.repeat(5000),
]
const NUMBERS = [0, -0, 1, 0.1, 1.5e-7, 1e21, 123456789.123, -3, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_VALUE]

function stamp(input: Record<string, unknown>): RunEvent {
  return Object.assign({ seq: 7, ts: '2026-12-03T20:00:00.123Z', type: input.type, job_id: 'job-1', level: 'info' }, input) as RunEvent
}

function expectSame(event: RunEvent): void {
  const text = hotEventJson(event)
  if (text !== undefined) expect(text).toBe(JSON.stringify(event))
}

describe('hotEventJson', () => {
  it('writes the commonest events byte for byte as JSON.stringify does', () => {
    const usage = { prompt_tokens: 12, completion_tokens: 3 }
    for (const s of STRINGS) {
      for (const event of [
        stamp({ type: 'step.started', step: s, agent: s, provider: `p${s}`, model: s }),
        stamp({ type: 'cache.miss', step: s, key: s }),
        stamp({ type: 'step.token', step: 'a', text: s }),
        stamp({ type: 'step.succeeded', step: s, duration_s: 1.25, attempts: 1, usage, cache_hit: false }),
      ]) {
        expect(hotEventJson(event)).toBe(JSON.stringify(event))
      }
    }
  })

  it('matches JSON.stringify for odd numbers, usage extras and job fields', () => {
    for (const n of NUMBERS) {
      const usage = { prompt_tokens: n, completion_tokens: 0, cached_prompt_tokens: undefined, cache_write_tokens: 4 }
      const event = Object.assign(
        { seq: n, ts: 'ts "q"', type: 'step.succeeded', job_id: 'jöb\n', level: 'warn' },
        { type: 'step.succeeded', step: 'x', duration_s: n, attempts: n, usage, cache_hit: true },
      ) as RunEvent
      expect(hotEventJson(event)).toBe(JSON.stringify(event))
    }
  })

  it('matches JSON.stringify on random strings', () => {
    let seed = 42
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed / 2147483648
    }
    for (let i = 0; i < 2000; i++) {
      let s = ''
      const len = Math.floor(rand() * 12)
      for (let j = 0; j < len; j++) s += String.fromCharCode(rand() < 0.5 ? Math.floor(rand() * 128) : Math.floor(rand() * 65536))
      const event = stamp({ type: 'step.started', step: s, agent: 'a', provider: s, model: 'm' })
      expect(hotEventJson(event)).toBe(JSON.stringify(event))
    }
  })

  it('gives up on other key orders, extra or missing keys and wrong types', () => {
    const cases: Record<string, unknown>[] = [
      { type: 'step.started', step: 's', provider: 'p', agent: 'a', model: 'm' },
      { type: 'step.started', step: 's', agent: 'a', provider: 'p', model: 'm', extra: 1 },
      { type: 'step.started', step: 's', agent: 'a', provider: 'p' },
      { type: 'step.started', step: 's', agent: 1, provider: 'p', model: 'm' },
      { type: 'cache.miss', step: 's', key: undefined },
      { type: 'cache.miss', step: 3, key: 'k' },
      { type: 'step.succeeded', step: 's', duration_s: 1, attempts: 1, usage: { prompt_tokens: '1' }, cache_hit: false },
      { type: 'step.succeeded', step: 's', duration_s: 1, attempts: 1, usage: null, cache_hit: false },
      { type: 'step.succeeded', step: 's', duration_s: 1, attempts: 1, usage: new Map(), cache_hit: false },
      { type: 'step.succeeded', step: 's', duration_s: '1', attempts: 1, usage: {}, cache_hit: false },
      { type: 'step.token', step: 's', text: { toJSON: () => 'x' } },
      { type: 'job.notice', message: 'not a hot event' },
    ]
    for (const input of cases) {
      expect(hotEventJson(stamp(input))).toBeUndefined()
      expectSame(stamp(input))
    }
  })
})
