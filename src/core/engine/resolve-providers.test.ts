/**
 * How a spec's provider settings reach the providers: `ollama_server.num_parallel` becomes
 * Ollama's concurrency limit unless the machine sets OLLAMA_NUM_PARALLEL, and `base_urls` win
 * over the environment's addresses; preflight notices (a model without tools) reach the run's notices.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { parseSpecText } from '../spec/load-spec'
import { startFakeOllama, type FakeOllama } from '../providers/ollama/testing/fake-ollama-server'
import { resolveProviders } from './resolve-providers'

let server: FakeOllama | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

function spec(extra: string) {
  return parseSpecText(`project: p\ntask: t\nprovider: ollama\n${extra}`, 'spec.yaml', {})
}

describe('resolveProviders with spec settings', () => {
  it('starts a server with the spec’s ollama_server.num_parallel, but limits an Ollama it did not start to that Ollama’s own', async () => {
    server = await startFakeOllama(() => ({ text: ['ok'] }))
    const signal = new AbortController().signal
    const tuned = spec(`base_urls:\n  ollama: ${server.url}\nollama_server:\n  num_parallel: 3\n`)
    // Already running, not started by us: Ollama's default (1) unless the user's own OLLAMA_NUM_PARALLEL says otherwise.
    const reused = await resolveProviders(tuned, {}, {}, signal)
    expect(reused.bindings.get('builder')?.provider.maxConcurrency).toBe(1)
    const fromEnv = await resolveProviders(tuned, {}, { OLLAMA_NUM_PARALLEL: '5' }, signal)
    expect(fromEnv.bindings.get('builder')?.provider.maxConcurrency).toBe(5)
    // Started by the launcher: it sees the spec's value and the limit is what it started the server with.
    const seen: (string | undefined)[] = []
    const started = await resolveProviders(
      tuned,
      {
        prepareLocal: async ({ env }) => {
          seen.push(env.OLLAMA_NUM_PARALLEL)
          return { env: { OLLAMA_NUM_PARALLEL: env.OLLAMA_NUM_PARALLEL ?? '2' }, notices: [] }
        },
      },
      {},
      signal,
    )
    expect(seen).toEqual(['3'])
    expect(started.bindings.get('builder')?.provider.maxConcurrency).toBe(3)
  })

  it('lets the spec’s base_urls win over OLLAMA_HOST', async () => {
    server = await startFakeOllama(() => ({ text: ['ok'] }))
    const resolved = await resolveProviders(
      spec(`base_urls:\n  ollama: ${server.url}\n`),
      {},
      { OLLAMA_HOST: 'http://127.0.0.1:9' },
      new AbortController().signal,
    )
    expect(resolved.bindings.get('architect')?.provider.label).toContain(server.url.replace(/^http:\/\//, ''))
    expect(server.tagsRequests).toBeGreaterThan(0)
  })

  it('passes a model that cannot call tools, with a notice naming better models', async () => {
    server = await startFakeOllama(() => ({ text: ['ok'] }), { models: ['gemma:2b'], capabilities: { 'gemma:2b': ['completion'] } })
    const resolved = await resolveProviders(
      spec(`base_urls:\n  ollama: ${server.url}\n`),
      {},
      { OLLAMA_MODEL: 'gemma:2b' },
      new AbortController().signal,
    )
    expect(resolved.bindings.get('builder')?.model).toBe('gemma:2b')
    expect(resolved.notices).toEqual([expect.stringMatching(/gemma:2b cannot call tools.*qwen3\.5 or gemma4/)])
  })

  it('rejects an ollama_server value with its path and line', () => {
    expect(() => spec('ollama_server:\n  kv_cache_type: q2\n')).toThrow(/spec\.yaml:5:\d+: ollama_server\.kv_cache_type/)
  })
})
