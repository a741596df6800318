import { describe, expect, it } from 'vitest'
import { OrchestratorError } from '../errors'
import { normalizeOllamaHost } from './ollama/ollama-host'
import { ollamaHostFromEnv } from './ollama/ollama-provider'
import { KNOWN_PROVIDERS, createProvider, defaultModelFor } from './provider-registry'

describe('provider registry', () => {
  it('creates ollama with host and concurrency from the environment', () => {
    const provider = createProvider('ollama', { env: { OLLAMA_HOST: '0.0.0.0:11500', OLLAMA_NUM_PARALLEL: '4' } })
    expect(provider).toMatchObject({ name: 'ollama', offline: false, maxConcurrency: 4 })
    expect(provider.label).toContain('http://127.0.0.1:11500')
    // An Ollama we did not start serves with its own default, one request at a time, whatever this machine could take.
    expect(createProvider('ollama', { env: {} }).maxConcurrency).toBe(1)
    expect(createProvider('ollama', { env: { OLLAMA_NUM_PARALLEL: 'lots' } }).maxConcurrency).toBe(1)
  })

  it('creates the labelled offline demo', () => {
    expect(createProvider('demo', { env: {} })).toMatchObject({ name: 'demo', offline: true })
  })

  it('rejects an unknown provider with bad_input listing the known ones', () => {
    let caught: unknown
    try {
      createProvider('gpt-5', { env: {} })
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(OrchestratorError)
    expect(caught).toMatchObject({ kind: 'bad_input', retryable: false })
    for (const name of KNOWN_PROVIDERS) expect((caught as Error).message).toContain(name)
  })

  it('knows the default model of each provider', () => {
    expect(defaultModelFor('ollama', {})).toBe('qwen3.5')
    expect(defaultModelFor('ollama', { OLLAMA_MODEL: 'codellama:13b-instruct' })).toBe('codellama:13b-instruct')
    expect(defaultModelFor('demo', { OLLAMA_MODEL: 'x' })).toBe('demo')
    expect(() => defaultModelFor('nope', {})).toThrow(OrchestratorError)
    expect(KNOWN_PROVIDERS).toEqual(expect.arrayContaining(['auto', 'ollama', 'demo']))
  })
})

describe('ollamaHostFromEnv', () => {
  it.each([
    [{}, 'http://127.0.0.1:11434'],
    [{ OLLAMA_HOST: 'gpu-box:11434' }, 'http://gpu-box:11434'],
    [{ OLLAMA_HOST: '0.0.0.0:11434' }, 'http://127.0.0.1:11434'],
    [{ OLLAMA_HOST: '0.0.0.0' }, 'http://127.0.0.1:11434'],
    [{ OLLAMA_HOST: ':11500' }, 'http://127.0.0.1:11500'],
    [{ OLLAMA_HOST: 'http://[::]:11434/' }, 'http://127.0.0.1:11434'],
    [{ OLLAMA_HOST: 'https://ollama.example.com' }, 'https://ollama.example.com'],
    [{ OLLAMA_HOST: '  ', OLLAMA_BASE_URL: 'http://10.0.0.5:11434/' }, 'http://10.0.0.5:11434'],
    [{ OLLAMA_HOST: 'localhost:9000', OLLAMA_BASE_URL: 'http://other:1' }, 'http://localhost:9000'],
  ])('%j → %s', (env, expected) => {
    expect(ollamaHostFromEnv(env)).toBe(expected)
  })

  it('keeps a path prefix (a reverse proxy) but drops trailing slashes', () => {
    expect(normalizeOllamaHost('http://proxy.local:8080/ollama/')).toBe('http://proxy.local:8080/ollama')
  })
})
