/**
 * The app's plain settings in `<runsDir>/settings.json` (Ollama host, the other providers' base
 * URLs, default provider and model). Written atomically; a missing, unreadable or invalid file reads as the defaults. It
 * never holds API keys: those go to the SecretStore.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { atomicWriteFileSync } from '../fs/atomic-write'
import { DEFAULT_OLLAMA_HOST } from '../providers/ollama/ollama-host'

const SETTINGS_FILE = 'settings.json'

export const storedSettingsSchema = z.object({
  ollamaHost: z.string().max(500),
  defaultProvider: z.string().max(50),
  defaultModel: z.string().max(200),
  /** Base URLs of the other server providers; '' means the provider's default (or its env variable). */
  baseUrls: z
    .object({ openai: z.string().max(500).default(''), anthropic: z.string().max(500).default(''), mlx: z.string().max(500).default('') })
    .default({ openai: '', anthropic: '', mlx: '' }),
})
export type StoredSettings = z.output<typeof storedSettingsSchema>
export type BaseUrlProvider = keyof StoredSettings['baseUrls']
export const BASE_URL_PROVIDERS: readonly BaseUrlProvider[] = ['openai', 'anthropic', 'mlx']

function defaultSettings(env: NodeJS.ProcessEnv): StoredSettings {
  return {
    ollamaHost: env.OLLAMA_HOST?.trim() || DEFAULT_OLLAMA_HOST,
    defaultProvider: env.PROVIDER?.trim() || 'auto',
    defaultModel: env.OLLAMA_MODEL?.trim() || '',
    baseUrls: { openai: '', anthropic: '', mlx: '' },
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

export function writeSettings(runsDir: string, settings: z.input<typeof storedSettingsSchema>): void {
  mkdirSync(runsDir, { recursive: true })
  const clean: StoredSettings = storedSettingsSchema.parse(settings)
  atomicWriteFileSync(join(runsDir, SETTINGS_FILE), `${JSON.stringify(clean, null, 2)}\n`)
}
