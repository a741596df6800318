/**
 * Where API keys live. The service only sees this interface: Electron backs it with safeStorage
 * (src/main/secret-store.ts), the browser mode with `createMemorySecretStore` (session only,
 * nothing on disk). Keys never go to settings.json, events, logs or any response.
 */

export const SECRET_NAMES = ['openai', 'anthropic'] as const
export type SecretName = (typeof SECRET_NAMES)[number]

/** Environment variable each key is passed to runs as. */
export const SECRET_ENV: Record<SecretName, string> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
}

export interface SecretStore {
  /** Stores a key, or removes it when `value` is null. */
  set(name: SecretName, value: string | null): void
  has(name: SecretName): boolean
  get(name: SecretName): string | undefined
}

export function createMemorySecretStore(): SecretStore {
  const values = new Map<SecretName, string>()
  return {
    set(name, value) {
      if (value === null || value === '') values.delete(name)
      else values.set(name, value)
    },
    has: (name) => values.has(name),
    get: (name) => values.get(name),
  }
}
