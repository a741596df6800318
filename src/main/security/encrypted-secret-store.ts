/**
 * A SecretStore backed by an OS encryption service (Electron's safeStorage) and one file of
 * ciphertexts (`secrets.json`, base64 per key, written atomically, mode 0600). When encryption is
 * unavailable, or on Linux when the backend is `basic_text` (a hardcoded password, E13/X3), keys
 * are kept in memory for this session only and a warning says so: never a plain-text file.
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { atomicWriteFileSync } from '../../core/fs/atomic-write'
import { SECRET_NAMES, type SecretName, type SecretStore } from '../../core/app/secret-store'

export interface EncryptionLike {
  isEncryptionAvailable(): boolean
  encryptString(plain: string): Buffer
  decryptString(cipher: Buffer): string
  getSelectedStorageBackend?(): string
}

export interface EncryptedSecretStoreOptions {
  filePath: string
  encryption: EncryptionLike
  platform: NodeJS.Platform
  warn: (message: string) => void
}

const fileSchema = z.record(z.string(), z.string().max(8192))

function isWeakBackend(encryption: EncryptionLike, platform: NodeJS.Platform): boolean {
  if (!encryption.isEncryptionAvailable()) return true
  return platform === 'linux' && encryption.getSelectedStorageBackend?.() === 'basic_text'
}

export function createEncryptedSecretStore(options: EncryptedSecretStoreOptions): SecretStore & { persistent: boolean } {
  const { filePath, encryption } = options
  const memory = new Map<SecretName, string>()
  const persistent = !isWeakBackend(encryption, options.platform)
  if (!persistent) {
    options.warn('no secure key storage on this system (no OS keychain or secret service); API keys are kept for this session only')
  }

  const readFile = (): Partial<Record<SecretName, string>> => {
    try {
      const parsed = fileSchema.safeParse(JSON.parse(readFileSync(filePath, 'utf8')))
      if (!parsed.success) return {}
      const out: Partial<Record<SecretName, string>> = {}
      for (const name of SECRET_NAMES) {
        const value = parsed.data[name]
        if (value !== undefined) out[name] = value
      }
      return out
    } catch {
      return {}
    }
  }

  const writeFile = (data: Partial<Record<SecretName, string>>): void => {
    atomicWriteFileSync(filePath, `${JSON.stringify(data)}\n`, { mode: 0o600 })
  }

  return {
    persistent,
    set(name, value) {
      if (!persistent) {
        if (value === null || value === '') memory.delete(name)
        else memory.set(name, value)
        return
      }
      const data = readFile()
      if (value === null || value === '') delete data[name]
      else data[name] = encryption.encryptString(value).toString('base64')
      writeFile(data)
    },
    has(name) {
      return persistent ? readFile()[name] !== undefined : memory.has(name)
    },
    get(name) {
      if (!persistent) return memory.get(name)
      const cipher = readFile()[name]
      if (cipher === undefined) return undefined
      try {
        return encryption.decryptString(Buffer.from(cipher, 'base64'))
      } catch {
        options.warn(`the stored ${name} key cannot be decrypted (keychain changed?); enter it again in Settings`)
        return undefined
      }
    },
  }
}
