/**
 * The only place that calls `ipcMain.handle`. One handler per contract channel; each checks the
 * sender frame (null or not the app's renderer → refused before any work, E11/I3) and then
 * hands the raw request to the dispatcher, which validates it with the contract's zod schema.
 * The core's push messages (run events, model pull progress) are forwarded to the window on their
 * contract channels. Takes ipcMain and the window as small structural types so it is tested
 * without Electron.
 */
import { INVOKE_CHANNELS, type InvokeChannel, type InvokeResult, type PushChannel, type PushPayload } from '../../shared/ipc'
import type { Dispatcher } from '../../core/app/dispatch'
import type { PushMessage } from '../../core/app/hub'
import { isTrustedSender, type SenderFrameLike } from '../security/sender-check'
import type { TrustedRenderer } from '../security/trusted-renderer'

export interface IpcInvokeEventLike {
  senderFrame: SenderFrameLike | null
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void
  removeHandler(channel: string): void
}

export interface RegisterIpcDeps {
  dispatch: Dispatcher
  trusted: TrustedRenderer
  /** Called for every refused sender (for the app log). */
  onRefused?: (channel: InvokeChannel, url: string | null) => void
}

export function registerIpc(ipcMain: IpcMainLike, deps: RegisterIpcDeps): { channels: InvokeChannel[]; unregister(): void } {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, async (event, ...args): Promise<InvokeResult<InvokeChannel>> => {
      if (!isTrustedSender(event.senderFrame, deps.trusted)) {
        deps.onRefused?.(channel, event.senderFrame?.url ?? null)
        return { ok: false, error: { kind: 'forbidden', message: 'this request did not come from the app window and was refused' } }
      }
      if (args.length !== 1) return { ok: false, error: { kind: 'bad_input', message: `${channel} takes exactly one request object` } }
      return deps.dispatch(channel, args[0])
    })
  }
  return {
    channels: [...INVOKE_CHANNELS],
    unregister: () => {
      for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel)
    },
  }
}

export interface WebContentsLike {
  send(channel: string, payload: unknown): void
  isDestroyed(): boolean
}

/** Sends one push message to a window, typed by the contract; a destroyed window is skipped. */
export function sendPush<C extends PushChannel>(contents: WebContentsLike, channel: C, payload: PushPayload<C>): void {
  if (!contents.isDestroyed()) contents.send(channel, payload)
}

/** Pushes every message of the core to the window until it is destroyed or the returned function is called. */
export function forwardPushes(subscribe: (listener: (message: PushMessage) => void) => () => void, contents: WebContentsLike): () => void {
  const unsubscribe = subscribe((message) => {
    if (contents.isDestroyed()) {
      unsubscribe()
      return
    }
    contents.send(message.channel, message.payload)
  })
  return unsubscribe
}
