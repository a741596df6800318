import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createEncryptedSecretStore, type EncryptionLike } from './encrypted-secret-store'
import { testTempDir } from '../../core/testing/test-temp-dir'

const KEY = 'sk-canary-abcdef0123456789'

function fakeEncryption(backend = 'gnome_libsecret', available = true): EncryptionLike {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (plain) => Buffer.from([...Buffer.from(plain)].map((b) => b ^ 0x5a)),
    decryptString: (cipher) => Buffer.from([...cipher].map((b) => b ^ 0x5a)).toString('utf8'),
    getSelectedStorageBackend: () => backend,
  }
}

function file(): string {
  return join(testTempDir('uo-secrets-'), 'secrets.json')
}

describe('encrypted secret store', () => {
  it('stores only ciphertext, survives a restart, and removes keys', () => {
    const filePath = file()
    const warnings: string[] = []
    const store = createEncryptedSecretStore({ filePath, encryption: fakeEncryption(), platform: 'darwin', warn: (m) => warnings.push(m) })
    store.set('openai', KEY)
    expect(readFileSync(filePath, 'utf8')).not.toContain(KEY)
    expect(statSync(filePath).mode & 0o777).toBe(0o600)
    const again = createEncryptedSecretStore({ filePath, encryption: fakeEncryption(), platform: 'darwin', warn: (m) => warnings.push(m) })
    expect(again.has('openai')).toBe(true)
    expect(again.get('openai')).toBe(KEY)
    expect(again.has('anthropic')).toBe(false)
    again.set('openai', null)
    expect(again.has('openai')).toBe(false)
    expect(warnings).toEqual([])
  })

  it('on Linux with basic_text warns and keeps keys in memory only (E13/X3)', () => {
    const filePath = file()
    const warnings: string[] = []
    const store = createEncryptedSecretStore({
      filePath,
      encryption: fakeEncryption('basic_text'),
      platform: 'linux',
      warn: (m) => warnings.push(m),
    })
    expect(store.persistent).toBe(false)
    expect(warnings[0]).toMatch(/session only/)
    store.set('anthropic', KEY)
    expect(store.get('anthropic')).toBe(KEY)
    expect(() => readFileSync(filePath)).toThrow()
  })

  it('keeps keys in memory when encryption is unavailable', () => {
    const store = createEncryptedSecretStore({
      filePath: file(),
      encryption: fakeEncryption('x', false),
      platform: 'darwin',
      warn: () => undefined,
    })
    expect(store.persistent).toBe(false)
  })
})
