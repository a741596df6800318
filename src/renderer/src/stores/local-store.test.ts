import { beforeEach, describe, expect, it } from 'vitest'
import type { InvokeChannel, InvokeResult, PushPayload, UiApi } from '../../../shared/ipc'
import { pullPercent, useLocalStore } from './local-store'

type Progress = PushPayload<'local.pull'>
const calls: { channel: string; request: unknown }[] = []
let answer: (channel: string) => Promise<InvokeResult<InvokeChannel>>

const STATUS = {
  ollama: { host: 'http://127.0.0.1:11434', reachable: true, version: '0.9.0', models: [] },
  profile: { name: 'linux-x64', parallel: 2 },
}

beforeEach(() => {
  calls.length = 0
  answer = async (channel) => ({ ok: true, data: channel === 'local.pull' ? { started: true } : STATUS }) as InvokeResult<InvokeChannel>
  const api = {
    invoke: (channel: string, request: unknown) => {
      calls.push({ channel, request })
      return answer(channel)
    },
    on: () => () => undefined,
  } as unknown as UiApi
  Object.assign(globalThis, { window: { api } })
  useLocalStore.setState({ status: null, statusError: null, loading: false, pulls: {}, pullError: null })
})

const progress = (p: Partial<Progress>): Progress => ({ model: 'llama3', status: 'pulling', completed: 0, total: 0, done: false, ...p })

describe('pull progress in the renderer', () => {
  it('shows the layer percentage, 100 when done, and never more than 100', () => {
    expect(pullPercent(progress({ completed: 25, total: 100 }))).toBe(25)
    expect(pullPercent(progress({ completed: 0, total: 0 }))).toBe(0)
    expect(pullPercent(progress({ completed: 150, total: 100 }))).toBe(100)
    expect(pullPercent(progress({ done: true, status: 'success' }))).toBe(100)
    expect(pullPercent(progress({ done: true, completed: 30, total: 100, error: 'boom' }))).toBe(30)
  })

  it('a finished pull refreshes the status so the new model is listed', async () => {
    useLocalStore.getState().ingest(progress({ completed: 50, total: 100 }))
    expect(calls).toEqual([])
    useLocalStore.getState().ingest(progress({ done: true, status: 'success', completed: 100, total: 100 }))
    await new Promise((r) => setTimeout(r, 0))
    expect(calls.map((c) => c.channel)).toEqual(['local.status'])
    expect(useLocalStore.getState().status).toEqual(STATUS)
    useLocalStore.getState().ingest(progress({ model: 'other', done: true, status: 'failed', error: 'nope' }))
    expect(calls).toHaveLength(1)
  })

  it('keeps progress that arrived before the pull answer instead of resetting it to starting', async () => {
    answer = async (channel) => {
      if (channel !== 'local.pull') return { ok: true, data: STATUS } as InvokeResult<InvokeChannel>
      useLocalStore.getState().ingest(progress({ done: true, status: 'success', completed: 9, total: 9 }))
      return { ok: true, data: { started: true } } as InvokeResult<InvokeChannel>
    }
    await useLocalStore.getState().pull(' llama3 ')
    expect(calls[0]).toEqual({ channel: 'local.pull', request: { model: 'llama3' } })
    expect(useLocalStore.getState().pulls.llama3).toMatchObject({ done: true, status: 'success' })
  })

  it('shows why a pull could not start', async () => {
    answer = async () => ({ ok: false, error: { kind: 'network', message: 'Ollama is not running; start it with `ollama serve`' } })
    await useLocalStore.getState().pull('llama3')
    expect(useLocalStore.getState().pullError).toContain('ollama serve')
    expect(useLocalStore.getState().pulls).toEqual({})
    answer = async () => ({ ok: true, data: { started: false } }) as InvokeResult<InvokeChannel>
    await useLocalStore.getState().pull('llama3')
    expect(useLocalStore.getState().pullError).toContain('already being pulled')
  })
})
