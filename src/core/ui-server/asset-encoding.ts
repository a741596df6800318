/**
 * Compression and caching policy for the browser-mode server's static files. `pickEncoding`
 * reads Accept-Encoding (brotli preferred, then gzip; `q=0` refuses one); `encodedBody` compresses
 * text-like files once per (path, mtime, size, encoding) with node:zlib on the libuv thread pool
 * (never blocking the event loop, so API answers are not held up behind a compression), sharing
 * one compression between concurrent requests, and keeps the result in a bounded in-memory cache
 * (used for files the build did not precompress). `cacheControl`: a content-hashed file under assets/ (Vite's
 * `name-<hash>.ext`) never changes, so the browser keeps it for a year without asking; the HTML
 * is never stored; anything else is revalidated.
 */
import { brotliCompress, constants, gzip } from 'node:zlib'
import { promisify } from 'node:util'

export type Encoding = 'br' | 'gzip' | 'identity'

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt'])
/** Below this, the headers cost more than compression saves. */
const MIN_COMPRESS_BYTES = 1024
const MAX_CACHE_ENTRIES = 256
/**
 * Brotli 5 / gzip 6: on this 2-core machine the 450 KB entry bundle takes ~50 ms / ~25 ms and
 * ends within 10% of the densest setting (brotli 11 takes 2.5 s, too long for a first request).
 */
const BROTLI_QUALITY = 5
const GZIP_LEVEL = 6
const HASHED_ASSET = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/

export const IMMUTABLE = 'public, max-age=31536000, immutable'

export function pickEncoding(acceptEncoding: string | string[] | undefined, ext: string, size: number): Encoding {
  if (!COMPRESSIBLE.has(ext) || size < MIN_COMPRESS_BYTES) return 'identity'
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : (acceptEncoding ?? '')
  const accepted = new Map<string, number>()
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined)
    if (name) accepted.set(name, q === undefined ? 1 : Number(q))
  }
  const ok = (name: string): boolean => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0
  if (ok('br')) return 'br'
  if (ok('gzip')) return 'gzip'
  return 'identity'
}

const brotliAsync = promisify(brotliCompress)
const gzipAsync = promisify(gzip)
const cache = new Map<string, Promise<Buffer>>()

export interface FileVersion {
  path: string
  mtimeMs: number
  size: number
}

export function encodedBody(key: FileVersion, body: Buffer, encoding: Encoding): Promise<Buffer> {
  if (encoding === 'identity') return Promise.resolve(body)
  const id = `${key.path}\0${key.mtimeMs}\0${key.size}\0${encoding}`
  const hit = cache.get(id)
  if (hit) return hit
  const out =
    encoding === 'br'
      ? brotliAsync(body, {
          params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
        })
      : gzipAsync(body, { level: GZIP_LEVEL })
  if (cache.size >= MAX_CACHE_ENTRIES) cache.delete(cache.keys().next().value ?? '')
  cache.set(id, out)
  out.catch(() => cache.delete(id))
  return out
}

export function cacheControl(urlPath: string, isHtml: boolean): string {
  if (isHtml) return 'no-store'
  return HASHED_ASSET.test(urlPath) ? IMMUTABLE : 'no-cache'
}
