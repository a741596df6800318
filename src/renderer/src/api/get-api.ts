/**
 * The one place the renderer obtains its UiApi: the Electron preload's `window.api` when present,
 * else the browser-mode client. Everything else calls `getApi()` and never knows the transport.
 * `onEventGap` tells listeners that pushed events may have been missed (a reconnect), so they
 * can re-read what they show; transports without gaps never call it.
 */
import type { UiApi } from '../../../shared/ipc'
import { createBrowserClient } from './browser-client'

declare global {
  interface Window {
    api?: UiApi
  }
}

let cached: UiApi | undefined
const gapListeners = new Set<() => void>()

export function getApi(): UiApi {
  cached ??=
    window.api ??
    createBrowserClient(() => {
      for (const listener of gapListeners) listener()
    })
  return cached
}

export function onEventGap(listener: () => void): () => void {
  gapListeners.add(listener)
  return () => {
    gapListeners.delete(listener)
  }
}
