/**
 * Preload: the only bridge between the renderer and main. Exposes a small, typed, frozen API;
 * never a generic send/invoke/on.
 */
import { contextBridge } from 'electron'
import { APP_VERSION } from '../core/version'

const api = Object.freeze({ version: APP_VERSION })

contextBridge.exposeInMainWorld('api', api)
