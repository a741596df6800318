import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { INVOKE_CHANNELS } from '../../shared/ipc'
import type { RunEvent } from '../../shared/run-event'
import type { Dispatcher } from '../../core/app/dispatch'
import type { PushMessage } from '../../core/app/hub'
import { trustedRendererFor } from '../security/trusted-renderer'
import { forwardPushes, registerIpc, type IpcInvokeEventLike, type IpcMainLike } from './register'

const INDEX = '/app/out/renderer/index.html'
const APP_URL = pathToFileURL(INDEX).href

function fakeIpcMain(): IpcMainLike & { handlers: Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>> } {
  const handlers = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>>()
  return {
    handlers,
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`)
      handlers.set(channel, listener)
    },
    removeHandler(channel) {
      handlers.delete(channel)
    },
  }
}

function setup(): { ipc: ReturnType<typeof fakeIpcMain>; calls: [string, unknown][]; refused: string[] } {
  const ipc = fakeIpcMain()
  const calls: [string, unknown][] = []
  const refused: string[] = []
  const dispatch: Dispatcher = async (channel, req) => {
    calls.push([channel, req])
    return { ok: true, data: { cancelled: true } }
  }
  registerIpc(ipc, { dispatch, trusted: trustedRendererFor(undefined, INDEX), onRefused: (c) => refused.push(c) })
  return { ipc, calls, refused }
}

describe('registerIpc', () => {
  it('registers exactly the contract channels', () => {
    const { ipc } = setup()
    expect([...ipc.handlers.keys()].sort()).toEqual(INVOKE_CHANNELS)
    expect([...ipc.handlers.keys()].sort()).toMatchInlineSnapshot(`
      [
        "app.info",
        "examples.read",
        "graph.validate",
        "local.pull",
        "local.status",
        "outputs.read",
        "outputs.reveal",
        "outputs.tree",
        "providers.models",
        "providers.test",
        "runs.approve",
        "runs.cancel",
        "runs.compare",
        "runs.delete",
        "runs.estimate",
        "runs.export",
        "runs.file",
        "runs.folder",
        "runs.get",
        "runs.import",
        "runs.list",
        "runs.log",
        "runs.refused",
        "runs.reject",
        "runs.replay",
        "runs.rerun",
        "runs.resume",
        "runs.spec",
        "runs.start",
        "settings.get",
        "settings.set",
        "specs.list",
        "specs.read",
        "specs.save",
      ]
    `)
  })

  it('dispatches requests from the app window', async () => {
    const { ipc, calls } = setup()
    const result = await ipc.handlers.get('runs.cancel')?.({ senderFrame: { url: APP_URL } }, { jobId: 'job_0123456789ab' })
    expect(result).toEqual({ ok: true, data: { cancelled: true } })
    expect(calls).toEqual([['runs.cancel', { jobId: 'job_0123456789ab' }]])
  })

  it('refuses a null or foreign sender frame before any work', async () => {
    const { ipc, calls, refused } = setup()
    for (const senderFrame of [null, { url: 'https://evil.example/' }, { url: 'file:///tmp/evil.html' }]) {
      const result = await ipc.handlers.get('runs.start')?.({ senderFrame }, { text: 'x', fileName: 'x' })
      expect(result).toMatchObject({ ok: false, error: { kind: 'forbidden' } })
    }
    expect(calls).toEqual([])
    expect(refused).toEqual(['runs.start', 'runs.start', 'runs.start'])
  })

  it('refuses extra arguments', async () => {
    const { ipc, calls } = setup()
    const result = await ipc.handlers.get('app.info')?.({ senderFrame: { url: APP_URL } }, {}, { smuggled: true })
    expect(result).toMatchObject({ ok: false, error: { kind: 'bad_input' } })
    expect(calls).toEqual([])
  })
})

describe('forwardPushes', () => {
  it('pushes run events and pull progress on their own channels and stops once the window is gone', () => {
    let listener: ((m: PushMessage) => void) | undefined
    let unsubscribed = false
    const subscribe = (l: (m: PushMessage) => void): (() => void) => {
      listener = l
      return () => {
        unsubscribed = true
      }
    }
    const sent: [string, unknown][] = []
    let destroyed = false
    forwardPushes(subscribe, { send: (c, p) => sent.push([c, p]), isDestroyed: () => destroyed })
    const event = { type: 'job.notice', seq: 1, ts: 't', job_id: 'job_0123456789ab', level: 'info', message: 'hi' } as RunEvent
    const progress = { model: 'llama3', status: 'pulling', completed: 5, total: 10, done: false }
    listener?.({ channel: 'run.event', payload: event })
    listener?.({ channel: 'local.pull', payload: progress })
    expect(sent).toEqual([
      ['run.event', event],
      ['local.pull', progress],
    ])
    destroyed = true
    listener?.({ channel: 'run.event', payload: event })
    expect(sent).toHaveLength(2)
    expect(unsubscribed).toBe(true)
  })
})
