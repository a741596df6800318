import { describe, expect, it } from 'vitest'
import { INVOKE_CHANNELS, type InvokeChannel } from '../../shared/ipc'
import { OrchestratorError } from '../errors'
import { createDispatcher } from './dispatch'
import { mergeHandlers, type PartialHandlerMap } from './handler-map'

function stubHandlers(overrides: PartialHandlerMap = {}): PartialHandlerMap {
  const stubs: PartialHandlerMap = {}
  const fail = async (): Promise<never> => {
    throw new Error('not used')
  }
  for (const c of INVOKE_CHANNELS) Object.assign(stubs, { [c]: fail })
  return { ...stubs, ...overrides }
}

const JOB = 'job_0123456789ab'

describe('createDispatcher', () => {
  const calls: unknown[] = []
  const internal: unknown[] = []
  const dispatch = createDispatcher(
    mergeHandlers(
      stubHandlers({
        'runs.cancel': async (req) => {
          calls.push(req)
          return { cancelled: true }
        },
        'runs.log': async () => {
          throw new OrchestratorError({ kind: 'io', retryable: false, message: 'cannot read the log; check permissions' })
        },
        'outputs.tree': async () => {
          throw new TypeError('secret internal detail at /home/x')
        },
        'settings.get': async () => ({
          ollamaHost: 'h',
          defaultProvider: 'auto',
          defaultModel: '',
          baseUrls: { openai: '', anthropic: '', mlx: '' },
          keys: { openai: false, anthropic: false },
        }),
        'app.info': async () => ({ version: 1 }) as never,
      }),
    ),
    { onInternalError: (_c, err) => internal.push(err) },
  )

  it('calls the handler with the parsed request and wraps the response', async () => {
    expect(await dispatch('runs.cancel', { jobId: JOB })).toEqual({ ok: true, data: { cancelled: true } })
    expect(calls).toContainEqual({ jobId: JOB })
  })

  it('rejects unknown channels, including prototype names', async () => {
    for (const channel of ['runs.delete', '__proto__', 'constructor', 'toString']) {
      const result = await dispatch(channel, {})
      expect(result).toMatchObject({ ok: false, error: { kind: 'bad_input' } })
    }
  })

  it('rejects extra, missing and wrongly typed fields before any work (I1)', async () => {
    const before = calls.length
    for (const req of [{ jobId: JOB, extra: 1 }, {}, { jobId: 42 }, null, 'job', [JOB]]) {
      expect(await dispatch('runs.cancel', req)).toMatchObject({ ok: false, error: { kind: 'bad_input' } })
    }
    expect(await dispatch('settings.get', { x: 1 })).toMatchObject({ ok: false })
    expect(calls.length).toBe(before)
  })

  it('rejects __proto__ keys and leaves prototypes untouched (I1)', async () => {
    const req = JSON.parse(`{"jobId":"${JOB}","__proto__":{"polluted":true}}`) as unknown
    expect(await dispatch('runs.cancel', req)).toMatchObject({ ok: false, error: { kind: 'bad_input' } })
    const nested = JSON.parse('{"ollamaHost":"x","__proto__":{"a":1}}') as unknown
    expect(await dispatch('settings.set', nested)).toMatchObject({ ok: false })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('rejects path-like and 10 MB job ids (I2)', async () => {
    for (const jobId of ['../../x', `job_0123456789ab/../../etc`, 'x'.repeat(10 * 1024 * 1024)]) {
      const result = await dispatch('runs.cancel', { jobId })
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.message.length).toBeLessThan(2000)
    }
    const big = await dispatch('graph.validate', { text: 'a'.repeat(10 * 1024 * 1024), fileName: 'x.yaml' })
    expect(big).toMatchObject({ ok: false, error: { kind: 'bad_input' } })
  })

  it('passes OrchestratorError kind and message through', async () => {
    expect(await dispatch('runs.log', { jobId: JOB, step: 'qa' })).toEqual({
      ok: false,
      error: { kind: 'io', message: 'cannot read the log; check permissions' },
    })
  })

  it('hides unexpected errors behind a generic internal error', async () => {
    const result = await dispatch('outputs.tree', { jobId: JOB })
    expect(result).toMatchObject({ ok: false, error: { kind: 'internal' } })
    expect(JSON.stringify(result)).not.toContain('secret internal detail')
    expect(internal.some((e) => e instanceof TypeError)).toBe(true)
  })

  it('refuses a response that breaks the contract', async () => {
    expect(await dispatch('app.info', {})).toMatchObject({ ok: false, error: { kind: 'internal' } })
  })
})

describe('mergeHandlers', () => {
  it('throws on a channel defined twice', () => {
    const one: PartialHandlerMap = { 'runs.cancel': async () => ({ cancelled: false }) }
    expect(() => mergeHandlers(stubHandlers(), one)).toThrow(/two handler modules define 'runs.cancel'/)
  })

  it('throws when a contract channel has no handler', () => {
    const partial = stubHandlers()
    delete partial['outputs.read']
    expect(() => mergeHandlers(partial)).toThrow(/no handler for outputs.read/)
  })

  it('throws on a handler for a channel outside the contract', () => {
    const extra = { 'fs.readAny': async () => ({}) } as unknown as PartialHandlerMap
    expect(() => mergeHandlers(stubHandlers(), extra)).toThrow(/unknown channel 'fs.readAny'/)
  })

  it('covers every channel', () => {
    const merged = mergeHandlers(stubHandlers())
    expect(Object.keys(merged).sort()).toEqual([...INVOKE_CHANNELS] satisfies InvokeChannel[])
  })
})
