/**
 * Serves the built renderer (out/renderer) read-only: GET/HEAD only, decoded paths confined to
 * the folder (no `..`, NUL, backslashes, dot-files, symlinks), known content types, and the HTML
 * security headers. Text files go out brotli- or gzip-compressed when the browser accepts it
 * (`Vary: Accept-Encoding`): the build's precompressed `<file>.br` / `<file>.gz` when present
 * (electron.vite.config.ts writes them), else compressed once off the event loop; content-hashed assets are cached immutably, index.html never (see
 * asset-encoding). Paths without a file extension fall back to index.html so client-side routes
 * survive a reload.
 */
import { lstatSync, readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, relative, isAbsolute, sep } from 'node:path'
import { cacheControl, encodedBody, pickEncoding } from './asset-encoding'
import { BASE_HEADERS, HTML_HEADERS } from './security-headers'

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(body)
}

/** The file under rendererDir a URL path names, or undefined when it may not be served. */
function staticTarget(rendererDir: string, urlPath: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined
  const segments = decoded.split('/').filter((s) => s !== '')
  if (segments.some((s) => s === '..' || s.startsWith('.'))) return undefined
  if (segments.length === 0 || extname(decoded) === '') return join(rendererDir, 'index.html')
  const target = join(rendererDir, ...segments)
  const rel = relative(rendererDir, target)
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return undefined
  return target
}

/** The build's `<file>.br` / `<file>.gz` beside the file, when there is one at least as new. */
function precompressedSibling(target: string, encoding: 'br' | 'gzip', mtimeMs: number): Buffer | undefined {
  const sibling = `${target}.${encoding === 'br' ? 'br' : 'gz'}`
  try {
    const stat = lstatSync(sibling)
    return stat.isFile() && stat.mtimeMs >= mtimeMs ? readFileSync(sibling) : undefined
  } catch {
    return undefined
  }
}

export function serveStatic(rendererDir: string, req: IncomingMessage, res: ServerResponse, urlPath: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD')
    send(res, 405, 'method not allowed')
    return
  }
  const target = staticTarget(rendererDir, urlPath)
  if (target === undefined) return send(res, 404, 'not found')
  let body: Buffer
  let mtimeMs: number
  try {
    const stat = lstatSync(target)
    if (!stat.isFile()) return send(res, 404, 'not found')
    body = readFileSync(target)
    mtimeMs = stat.mtimeMs
  } catch {
    return send(res, 404, 'not found')
  }
  const ext = extname(target).toLowerCase()
  const isHtml = ext === '.html'
  const encoding = pickEncoding(req.headers['accept-encoding'], ext, body.length)
  const built = encoding === 'identity' ? undefined : precompressedSibling(target, encoding, mtimeMs)
  if (built) return respond(req, res, { encoded: built, ext, isHtml, encoding, urlPath })
  encodedBody({ path: target, mtimeMs, size: body.length }, body, encoding).then(
    (encoded) => respond(req, res, { encoded, ext, isHtml, encoding, urlPath }),
    () => send(res, 500, 'cannot compress this file'),
  )
}

function respond(
  req: IncomingMessage,
  res: ServerResponse,
  file: { encoded: Buffer; ext: string; isHtml: boolean; encoding: string; urlPath: string },
): void {
  const { encoded: body, ext, isHtml, encoding, urlPath } = file
  res.writeHead(200, {
    ...(isHtml ? HTML_HEADERS : BASE_HEADERS),
    'Content-Type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
    'Content-Length': String(body.length),
    'Cache-Control': cacheControl(isHtml ? '/index.html' : urlPath, isHtml),
    Vary: 'Accept-Encoding',
    ...(encoding === 'identity' ? {} : { 'Content-Encoding': encoding }),
  })
  res.end(req.method === 'HEAD' ? undefined : body)
}
