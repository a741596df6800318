/**
 * Preload: the only bridge between the renderer and main. Exposes exactly
 * `window.api = { invoke(channel, request), on(channel, listener) }` for the channels of the
 * shared contract (anything else is refused here too, and main validates again), frozen, never a
 * generic send/invoke/on. Emitted as CJS so the window can keep `sandbox: true`.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import {
  INVOKE_CHANNELS,
  PUSH_CHANNELS,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResult,
  type PushChannel,
  type PushPayload,
  type UiApi,
} from '../shared/ipc'

const invokeChannels: ReadonlySet<string> = new Set(INVOKE_CHANNELS)
const pushChannels: ReadonlySet<string> = new Set(PUSH_CHANNELS)

const api = Object.freeze({
  invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<InvokeResult<C>> {
    if (!invokeChannels.has(channel)) {
      return Promise.resolve({ ok: false, error: { kind: 'bad_input', message: `unknown channel '${String(channel).slice(0, 60)}'` } })
    }
    return ipcRenderer.invoke(channel, request) as Promise<InvokeResult<C>>
  },
  on<C extends PushChannel>(channel: C, listener: (payload: PushPayload<C>) => void): () => void {
    if (!pushChannels.has(channel) || typeof listener !== 'function')
      throw new TypeError(`unknown push channel '${String(channel).slice(0, 60)}'`)
    const wrapped = (_event: IpcRendererEvent, payload: PushPayload<C>): void => listener(payload)
    ipcRenderer.on(channel, wrapped)
    return () => {
      ipcRenderer.removeListener(channel, wrapped)
    }
  },
} satisfies UiApi)

contextBridge.exposeInMainWorld('api', api)
