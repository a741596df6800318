/**
 * Content-addressed cache of model answers. The key is the SHA-256 of the canonical JSON of a
 * request (provider, model, options, messages, tools — never credentials: only these five
 * fields are hashed). Entries live in `<sharedDir>/<key[0..2]>/<key>.json` (shared across runs,
 * so a rerun is free) and in `<runCacheDir>/<key>.json` (so a run folder replays on its own).
 * Each file stores the entry and the SHA-256 of its canonical body; `get` verifies it and the
 * schema, and treats a corrupted entry as a miss (deleting it from the shared store), so a bad
 * entry is never served. Writes are atomic renames, so concurrent writers of a key are safe.
 * Lookups go through in-memory listings (the run folder's cache at construction, each shared
 * shard on first use), so a miss costs no syscall; an entry another process adds to the shared
 * store during this run is not seen, which only costs a model call.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { atomicWriteFileSync } from '../fs/atomic-write'
import { OrchestratorError } from '../errors'
import type { ChatMessage, ModelOptions, ProviderChunk, ToolSpec } from '../providers/types'
import { sha256Hex } from '../sha256'
import { canonicalJson } from './canonical-json'
import { fsErrorCode } from './fs-error-code'

export interface CacheRequest {
  provider: string
  /** Which server answers (normalized base URL): the same model on two servers never shares entries. */
  endpoint?: string
  model: string
  options: ModelOptions
  messages: ChatMessage[]
  tools: ToolSpec[]
}

export interface CacheEntry {
  key: string
  provider: string
  model: string
  chunks: ProviderChunk[]
  created_at: string
  /** The server that answered, when the key includes it. */
  endpoint?: string
  /** The key of the same request without the endpoint: how a replay (which has no server) finds it. */
  replay_key?: string
}

export interface LlmCacheOptions {
  /** `<runsDir>/.cache/llm`; null replays only from the run folder. */
  sharedDir: string | null
  runCacheDir: string
  /** Told about each corrupted entry that was skipped (for a notice); optional. */
  onCorrupt?: (info: { key: string; path: string; reason: string }) => void
  /** Record answers but never serve one (a rerun asks the model again). */
  writeOnly?: boolean
  /**
   * Replay mode: a replay knows the request but not the server, so a key not found as such is
   * looked up as a replay key (entries that carry `replay_key`, and entries written before keys
   * named the endpoint, whose key is exactly that). Only a replay does this.
   */
  replay?: boolean
}

const KEY = /^[0-9a-f]{64}$/
const FORMAT = 1

const reasoningItemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('openai_reasoning'), id: z.string(), summary: z.array(z.string()), encrypted_content: z.string().optional() }),
  z.object({ kind: z.literal('anthropic_thinking'), thinking: z.string(), signature: z.string() }),
  z.object({ kind: z.literal('anthropic_redacted_thinking'), data: z.string() }),
])

const chunkSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('thinking'), text: z.string() }),
  z.object({ type: z.literal('tool_call'), call: z.object({ id: z.string(), name: z.string(), arguments: z.unknown() }) }),
  z.object({ type: z.literal('reasoning'), item: reasoningItemSchema }),
  z.object({
    type: z.literal('done'),
    stopReason: z.enum(['stop', 'tool_calls', 'length', 'other']),
    usage: z.object({
      promptTokens: z.number().int().nonnegative(),
      completionTokens: z.number().int().nonnegative(),
      cachedPromptTokens: z.number().int().nonnegative().optional(),
      cacheWriteTokens: z.number().int().nonnegative().optional(),
    }),
  }),
])

const entrySchema = z.object({
  key: z.string().regex(KEY),
  provider: z.string(),
  model: z.string(),
  chunks: z.array(chunkSchema).refine((chunks) => chunks.at(-1)?.type === 'done', 'the answer must end with a done chunk'),
  created_at: z.string(),
  endpoint: z.string().optional(),
  replay_key: z.string().regex(KEY).optional(),
})

const fileSchema = z.object({ format: z.literal(FORMAT), sha256: z.string().regex(KEY), entry: z.unknown() })

export function cacheKey(request: CacheRequest): string {
  const { provider, endpoint, model, options, messages, tools } = request
  return sha256Hex(canonicalJson({ provider, ...(endpoint !== undefined ? { endpoint } : {}), model, options, messages, tools }))
}

/** The key a replay computes: the request without the server (also every key written before endpoints). */
export function replayKey(request: CacheRequest): string {
  return cacheKey({ ...request, endpoint: undefined })
}

type ReadResult = { status: 'ok'; entry: CacheEntry } | { status: 'missing' } | { status: 'corrupt'; reason: string }

function assertKey(key: string): void {
  if (!KEY.test(key)) {
    throw new OrchestratorError({
      kind: 'bad_input',
      retryable: false,
      message: `'${key.slice(0, 80)}' is not a cache key; use cacheKey(request)`,
    })
  }
}

function readEntry(path: string, key: string): ReadResult {
  if (!statSync(path, { throwIfNoEntry: false })?.isFile()) return { status: 'missing' }
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return { status: 'missing' }
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return { status: 'corrupt', reason: 'not valid JSON' }
  }
  const file = fileSchema.safeParse(raw)
  if (!file.success) return { status: 'corrupt', reason: 'not a cache file' }
  if (sha256Hex(canonicalJson(file.data.entry)) !== file.data.sha256) return { status: 'corrupt', reason: 'hash mismatch' }
  const entry = entrySchema.safeParse(file.data.entry)
  if (!entry.success) return { status: 'corrupt', reason: 'schema mismatch' }
  if (entry.data.key !== key) return { status: 'corrupt', reason: 'entry stored under another key' }
  return { status: 'ok', entry: entry.data as CacheEntry }
}

function fileText(entry: CacheEntry): string {
  const parsed = entrySchema.safeParse(entry)
  if (!parsed.success) {
    throw new OrchestratorError({
      kind: 'internal',
      retryable: false,
      message: `refusing to cache an incomplete or malformed answer for ${entry.key.slice(0, 12)}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    })
  }
  return `${JSON.stringify({ format: FORMAT, sha256: sha256Hex(canonicalJson(entry)), entry })}\n`
}

function writeEntry(dir: string, path: string, text: string): void {
  try {
    mkdirSync(dir, { recursive: true })
    atomicWriteFileSync(path, text)
  } catch (err) {
    const code = fsErrorCode(err) ?? 'unknown error'
    throw new OrchestratorError(
      {
        kind: 'io',
        retryable: false,
        message: `cannot write cache entry ${path} (${code}); check that ${dir} is writable and the disk has space`,
      },
      { cause: err },
    )
  }
}

function listNames(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

export class LlmCache {
  private readonly sharedDir: string | null
  private readonly runCacheDir: string
  private readonly onCorrupt: LlmCacheOptions['onCorrupt']
  private readonly writeOnly: boolean
  private readonly replay: boolean
  private replayIndex: Map<string, string> | undefined

  /** Names in runCacheDir: this process is its only writer, so a miss there needs no syscall. */
  private readonly runNames: Set<string>
  /** Names per shared shard, listed on first use; entries other runs add later are not seen. */
  private readonly sharedNames = new Map<string, Set<string>>()
  private sharedShards: Set<string> | undefined

  constructor(options: LlmCacheOptions) {
    this.sharedDir = options.sharedDir
    this.runCacheDir = options.runCacheDir
    this.onCorrupt = options.onCorrupt
    this.writeOnly = options.writeOnly === true
    this.runNames = new Set(listNames(options.runCacheDir))
    this.replay = options.replay === true
  }

  get(key: string): CacheEntry | undefined {
    const entry = this.lookup(key)
    if (entry || !this.replay) return entry
    this.replayIndex ??= this.indexReplayKeys()
    const stored = this.replayIndex.get(key)
    return stored === undefined ? undefined : this.lookup(stored)
  }

  /** replay_key → key for the entries of the run folder (read once, on the first replay miss). */
  private indexReplayKeys(): Map<string, string> {
    const index = new Map<string, string>()
    for (const name of this.runNames) {
      const key = name.replace(/\.json$/, '')
      if (!KEY.test(key)) continue
      const read = readEntry(this.runPath(key), key)
      if (read.status === 'ok' && read.entry.replay_key) index.set(read.entry.replay_key, key)
    }
    return index
  }

  private lookup(key: string): CacheEntry | undefined {
    assertKey(key)
    if (this.writeOnly) return undefined
    if (this.runNames.has(`${key}.json`)) {
      const runPath = this.runPath(key)
      const local = readEntry(runPath, key)
      if (local.status === 'ok') return local.entry
      if (local.status === 'corrupt') this.onCorrupt?.({ key, path: runPath, reason: local.reason })
    }
    if (this.sharedDir === null) return undefined
    if (!this.shardNames(this.sharedDir, key).has(`${key}.json`)) return undefined
    const sharedPath = this.sharedPath(this.sharedDir, key)
    const shared = readEntry(sharedPath, key)
    if (shared.status === 'ok') return shared.entry
    if (shared.status === 'corrupt') {
      try {
        rmSync(sharedPath, { force: true })
        this.shardNames(this.sharedDir, key).delete(`${key}.json`)
      } catch {
        // Unremovable: it is still never served, since every read verifies it.
      }
      this.onCorrupt?.({ key, path: sharedPath, reason: shared.reason })
    }
    return undefined
  }

  put(entry: CacheEntry): void {
    assertKey(entry.key)
    const text = fileText(entry)
    this.writeRun(entry.key, text)
    if (this.sharedDir !== null) {
      writeEntry(join(this.sharedDir, entry.key.slice(0, 2)), this.sharedPath(this.sharedDir, entry.key), text)
      this.shardNames(this.sharedDir, entry.key).add(`${entry.key}.json`)
    }
  }

  keep(entry: CacheEntry): void {
    assertKey(entry.key)
    if (this.runNames.has(`${entry.key}.json`) && readEntry(this.runPath(entry.key), entry.key).status === 'ok') return
    this.writeRun(entry.key, fileText(entry))
  }

  private writeRun(key: string, text: string): void {
    writeEntry(this.runCacheDir, this.runPath(key), text)
    this.runNames.add(`${key}.json`)
  }

  private shardNames(sharedDir: string, key: string): Set<string> {
    const shard = key.slice(0, 2)
    let names = this.sharedNames.get(shard)
    if (!names) {
      // One listing of the shared folder tells which shards exist; a missing shard costs no syscall.
      this.sharedShards ??= new Set(listNames(sharedDir))
      names = new Set(this.sharedShards.has(shard) ? listNames(join(sharedDir, shard)) : [])
      this.sharedNames.set(shard, names)
    }
    return names
  }

  private runPath(key: string): string {
    return join(this.runCacheDir, `${key}.json`)
  }

  private sharedPath(sharedDir: string, key: string): string {
    return join(sharedDir, key.slice(0, 2), `${key}.json`)
  }
}
