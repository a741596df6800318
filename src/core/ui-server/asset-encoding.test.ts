import { gunzipSync, brotliDecompressSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { cacheControl, encodedBody, IMMUTABLE, pickEncoding } from './asset-encoding'

describe('static asset encoding', () => {
  it('prefers brotli, then gzip; honours q=0; leaves small and binary files alone', () => {
    expect(pickEncoding('gzip, deflate, br, zstd', '.js', 50_000)).toBe('br')
    expect(pickEncoding('gzip, br;q=0', '.js', 50_000)).toBe('gzip')
    expect(pickEncoding('identity', '.css', 50_000)).toBe('identity')
    expect(pickEncoding(undefined, '.js', 50_000)).toBe('identity')
    expect(pickEncoding('*', '.js', 50_000)).toBe('br')
    expect(pickEncoding('gzip, br', '.js', 200)).toBe('identity')
    expect(pickEncoding('gzip, br', '.png', 50_000)).toBe('identity')
  })

  it('compresses losslessly and reuses the result for the same file version', async () => {
    const body = Buffer.from('export const x = 1;\n'.repeat(2000))
    const key = { path: '/r/assets/index-abc12345.js', mtimeMs: 1, size: body.length }
    const br = await encodedBody(key, body, 'br')
    expect(brotliDecompressSync(br).equals(body)).toBe(true)
    expect(br.length).toBeLessThan(body.length / 10)
    expect(await encodedBody(key, body, 'br')).toBe(br)
    expect(gunzipSync(await encodedBody(key, body, 'gzip')).equals(body)).toBe(true)
    const changed = await encodedBody({ ...key, mtimeMs: 2 }, Buffer.from('x'.repeat(3000)), 'br')
    expect(brotliDecompressSync(changed).toString()).toBe('x'.repeat(3000))
  })

  it('caches hashed assets immutably, never the HTML, and revalidates the rest', () => {
    expect(cacheControl('/assets/index-g6I2ZXgO.js', false)).toBe(IMMUTABLE)
    expect(cacheControl('/assets/history-view-B_x9-k2Q.js', false)).toBe(IMMUTABLE)
    expect(cacheControl('/index.html', true)).toBe('no-store')
    expect(cacheControl('/assets/app.js', false)).toBe('no-cache')
    expect(cacheControl('/favicon.ico', false)).toBe('no-cache')
  })
})
