/**
 * The app's plain settings in `<runsDir>/settings.json` (provider host, default provider and
 * model). Written atomically; a missing, unreadable or invalid file reads as the defaults. It
 * never holds API keys: those go to the SecretStore.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { atomicWriteFileSync } from '../fs/atomic-write'
import { DEFAULT_OLLAMA_HOST } from '../providers/ollama/ollama-host'

export const SETTINGS_FILE = 'settings.json'

export const storedSettingsSchema = z.object({
  ollamaHost: z.string().max(500),
  defaultProvider: z.string().max(50),
  defaultModel: z.string().max(200),
})
export type StoredSettings = z.output<typeof storedSettingsSchema>

export function defaultSettings(env: NodeJS.ProcessEnv): StoredSettings {
  return {
    ollamaHost: env.OLLAMA_HOST?.trim() || DEFAULT_OLLAMA_HOST,
    defaultProvider: env.PROVIDER?.trim() || 'auto',
    defaultModel: env.OLLAMA_MODEL?.trim() || '',
  }
}

export function readSettings(runsDir: string, env: NodeJS.ProcessEnv): StoredSettings {
  const defaults = defaultSettings(env)
  let json: unknown
  try {
    json = JSON.parse(readFileSync(join(runsDir, SETTINGS_FILE), 'utf8'))
  } catch {
    return defaults
  }
  const parsed = storedSettingsSchema.partial().safeParse(json)
  return parsed.success ? { ...defaults, ...parsed.data } : defaults
}

export function writeSettings(runsDir: string, settings: StoredSettings): void {
  mkdirSync(runsDir, { recursive: true })
  const clean: StoredSettings = storedSettingsSchema.parse(settings)
  atomicWriteFileSync(join(runsDir, SETTINGS_FILE), `${JSON.stringify(clean, null, 2)}\n`)
}
