/**
 * The Electron SecretStore: API keys encrypted with safeStorage (Keychain on macOS) in
 * `<userData>/secrets.json`; session-only with a warning where no secure backend exists.
 */
import { app, safeStorage } from 'electron'
import { join } from 'node:path'
import type { SecretStore } from '../core/app/secret-store'
import { createEncryptedSecretStore } from './security/encrypted-secret-store'

export function createSafeStorageSecretStore(warn: (message: string) => void): SecretStore {
  return createEncryptedSecretStore({
    filePath: join(app.getPath('userData'), 'secrets.json'),
    encryption: {
      isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
      encryptString: (plain) => safeStorage.encryptString(plain),
      decryptString: (cipher) => safeStorage.decryptString(cipher),
      getSelectedStorageBackend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os'),
    },
    platform: process.platform,
    warn,
  })
}
