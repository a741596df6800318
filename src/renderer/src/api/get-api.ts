/**
 * The one place the renderer obtains its UiApi: the Electron preload's `window.api` when present,
 * else the browser-mode client. Everything else calls `getApi()` and never knows the transport.
 */
import type { UiApi } from '../../../shared/ipc'
import { createBrowserClient } from './browser-client'

declare global {
  interface Window {
    api?: UiApi
  }
}

let cached: UiApi | undefined

export function getApi(): UiApi {
  cached ??= window.api ?? createBrowserClient()
  return cached
}
