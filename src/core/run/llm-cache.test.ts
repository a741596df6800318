import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OrchestratorError } from '../errors'
import { canonicalJson } from './canonical-json'
import { cacheKey, LlmCache, type CacheEntry, type CacheRequest } from './llm-cache'

let root: string
let sharedDir: string
let runCacheDir: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'uo-cache-'))
  sharedDir = join(root, 'runs', '.cache', 'llm')
  runCacheDir = join(root, 'runs', 'job_0123456789ab', '.cache')
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

const request: CacheRequest = {
  provider: 'ollama',
  model: 'qwen',
  options: { temperature: 0.1, num_ctx: 8192 },
  messages: [
    { role: 'system', content: 'You are the architect.' },
    { role: 'user', content: 'Design a shop API.' },
  ],
  tools: [
    {
      name: 'write_file',
      description: 'write a file',
      parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
    },
  ],
}

function entry(key = cacheKey(request)): CacheEntry {
  return {
    key,
    provider: 'ollama',
    model: 'qwen',
    chunks: [
      { type: 'text', text: 'Here is the design.' },
      { type: 'tool_call', call: { id: 'c1', name: 'write_file', arguments: { path: 'DESIGN.md' } } },
      { type: 'done', stopReason: 'tool_calls', usage: { promptTokens: 12, completionTokens: 7 } },
    ],
    created_at: '2026-01-01T00:00:00.000Z',
  }
}

function sharedFile(key: string): string {
  return join(sharedDir, key.slice(0, 2), `${key}.json`)
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, undefined, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,null,{"y":2,"z":1}]},"b":1}')
  })

  it('refuses a cyclic structure with a typed error', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(() => canonicalJson(cyclic)).toThrow(OrchestratorError)
  })
})

describe('cacheKey', () => {
  it('is a SHA-256 hex that ignores key order and undefined options', () => {
    const key = cacheKey(request)
    expect(key).toMatch(/^[0-9a-f]{64}$/)
    const reordered: CacheRequest = {
      tools: request.tools,
      messages: request.messages.map((m) => ({ content: m.content, role: m.role }) as typeof m),
      options: { num_ctx: 8192, temperature: 0.1, seed: undefined },
      model: 'qwen',
      provider: 'ollama',
    }
    expect(cacheKey(reordered)).toBe(key)
  })

  it('changes with the messages, the options, the tools, the model and the provider', () => {
    const key = cacheKey(request)
    const variants: CacheRequest[] = [
      { ...request, messages: [...request.messages, { role: 'user', content: 'more' }] },
      { ...request, options: { ...request.options, temperature: 0.2 } },
      { ...request, tools: [] },
      { ...request, model: 'llama' },
      { ...request, provider: 'openai' },
    ]
    const keys = new Set(variants.map(cacheKey))
    expect(keys.size).toBe(variants.length)
    expect(keys.has(key)).toBe(false)
  })

  it('hashes only the request fields, so a stray credential never reaches the key', () => {
    const withSecret = { ...request, apiKey: 'sk-canary-123' } as CacheRequest
    expect(cacheKey(withSecret)).toBe(cacheKey(request))
  })
})

describe('LlmCache', () => {
  it('stores an entry in the shared store and the run folder, and reads it back', () => {
    const cache = new LlmCache({ sharedDir, runCacheDir })
    const e = entry()
    expect(cache.get(e.key)).toBeUndefined()
    cache.put(e)
    expect(existsSync(sharedFile(e.key))).toBe(true)
    expect(existsSync(join(runCacheDir, `${e.key}.json`))).toBe(true)
    expect(cache.get(e.key)).toEqual(e)
    expect(new LlmCache({ sharedDir, runCacheDir: join(root, 'other-run') }).get(e.key)).toEqual(e)
  })

  it('does not serve a shared entry whose body was altered, and deletes it', () => {
    const e = entry()
    new LlmCache({ sharedDir, runCacheDir: join(root, 'first-run') }).put(e)
    const path = sharedFile(e.key)
    writeFileSync(path, readFileSync(path, 'utf8').replace('Here is the design.', 'Here is a forged design.'))
    const reasons: string[] = []
    const cache = new LlmCache({ sharedDir, runCacheDir, onCorrupt: (info) => reasons.push(info.reason) })
    expect(cache.get(e.key)).toBeUndefined()
    expect(reasons).toEqual(['hash mismatch'])
    expect(existsSync(path)).toBe(false)
  })

  it('treats bad JSON, a truncated file and a schema mismatch as misses', () => {
    const e = entry()
    const cases: [string, (text: string) => string][] = [
      ['bad JSON', () => '{not json'],
      ['truncated', (text) => text.slice(0, text.length / 2)],
      [
        'schema',
        (text) => {
          const file = JSON.parse(text) as { sha256: string; entry: { chunks: unknown[] } }
          file.entry.chunks = file.entry.chunks.slice(0, 1)
          return JSON.stringify({ ...file, sha256: createSha(file.entry) })
        },
      ],
    ]
    for (const [name, corrupt] of cases) {
      const runDir = join(root, `run-${name}`)
      new LlmCache({ sharedDir, runCacheDir: runDir }).put(e)
      const path = sharedFile(e.key)
      writeFileSync(path, corrupt(readFileSync(path, 'utf8')))
      rmSync(runDir, { recursive: true, force: true })
      expect(new LlmCache({ sharedDir, runCacheDir: runDir }).get(e.key), name).toBeUndefined()
    }
  })

  it('ignores a corrupted run-folder copy and falls back to a good shared one', () => {
    const cache = new LlmCache({ sharedDir, runCacheDir })
    const e = entry()
    cache.put(e)
    writeFileSync(join(runCacheDir, `${e.key}.json`), 'garbage')
    expect(new LlmCache({ sharedDir, runCacheDir }).get(e.key)).toEqual(e)
  })

  it('keep() makes the run folder replay on its own, without the shared store', () => {
    const e = entry()
    new LlmCache({ sharedDir, runCacheDir: join(root, 'first-run') }).put(e)
    const second = new LlmCache({ sharedDir, runCacheDir })
    const hit = second.get(e.key)
    expect(hit).toEqual(e)
    expect(new LlmCache({ sharedDir: null, runCacheDir }).get(e.key)).toBeUndefined()
    second.keep(hit!)
    rmSync(sharedDir, { recursive: true, force: true })
    expect(new LlmCache({ sharedDir: null, runCacheDir }).get(e.key)).toEqual(e)
  })

  it('refuses to cache an answer without its done chunk', () => {
    const cache = new LlmCache({ sharedDir, runCacheDir })
    const partial = { ...entry(), chunks: [{ type: 'text' as const, text: 'half' }] }
    expect(() => cache.put(partial)).toThrow(OrchestratorError)
    expect(existsSync(runCacheDir) ? readdirSync(runCacheDir) : []).toEqual([])
  })

  it('refuses keys that are not cache keys (no path tricks)', () => {
    const cache = new LlmCache({ sharedDir, runCacheDir })
    expect(() => cache.get('../../etc/passwd')).toThrow(OrchestratorError)
  })
})

function createSha(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex')
}
