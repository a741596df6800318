/**
 * The one place the renderer obtains its UiApi: the Electron preload's `window.api` when present,
 * else the browser-mode client. Everything else calls `getApi()` and never knows the transport.
 * `onEventGap` tells listeners that pushed events may have been missed (a reconnect), so they
 * can re-read what they show; transports without gaps never call it. `useConnection()` is the
 * push connection's state (`lost` while the browser-mode server cannot be reached).
 */
import { create } from 'zustand'
import type { UiApi } from '../../../shared/ipc'
import { createBrowserClient, type ConnectionState } from './browser-client'

declare global {
  interface Window {
    api?: UiApi
  }
}

export const useConnection = create<{ state: ConnectionState; lostAt: number | null }>()(() => ({ state: 'open', lostAt: null }))

let cached: UiApi | undefined
const gapListeners = new Set<() => void>()

export function getApi(): UiApi {
  cached ??=
    window.api ??
    createBrowserClient(
      () => {
        for (const listener of gapListeners) listener()
      },
      (state) => {
        const current = useConnection.getState()
        if (state !== current.state) useConnection.setState({ state, lostAt: state === 'lost' ? Date.now() : null })
      },
    )
  return cached
}

export function onEventGap(listener: () => void): () => void {
  gapListeners.add(listener)
  return () => {
    gapListeners.delete(listener)
  }
}
