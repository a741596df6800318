/**
 * Run bundles over plain HTTP in browser mode, so they leave and enter through the browser:
 * - `POST /api/bundles/export` `{ jobId }` (Bearer): packs the run (core exportRun) into a private
 *   temp folder of the runs dir and answers `{ url, fileName, zipBytes }`; `url` is a one-time
 *   download link (`GET /api/bundles/download/<ticket>`, 32 random bytes, 10 minutes) that streams
 *   the zip as an attachment with its Content-Length, then removes it. Errors come back before any
 *   download starts, as `{ ok: false, error }`.
 * - `POST /api/bundles/import?name=<file>.zip` (Bearer, `Content-Type: application/zip`): the raw
 *   zip streams to a temp file (never whole in memory), at most `maxUploadBytes`; a larger body is
 *   refused with 413 and a message naming the limit and `orchestrator import`. Then core importRun
 *   checks and unpacks it; the answer is `{ ok: true, data: { jobId, originalJobId } }`.
 * Temp folders (`.ui-bundle-*`) are removed when done, when the server closes, and, left by a
 * crashed server, an hour later on the next start.
 */
import { randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { z } from 'zod'
import { UI_RUN_HINT } from '../app/app-context'
import { exportRun } from '../bundle/export-run'
import { importRun } from '../bundle/import-run'
import { bundleTooBigMessage, MAX_BUNDLE_UPLOAD_BYTES } from '../../shared/bundle-limits'
import { bundleFileNameSchema, jobIdSchema } from '../../shared/ipc-fields'
import { OrchestratorError } from '../errors'
import { locateRun } from '../run/locate-run'
import { readBody, sendJson } from './http-io'
import { BASE_HEADERS } from './security-headers'

const BUNDLES_PREFIX = '/api/bundles/'
const DOWNLOAD_PREFIX = `${BUNDLES_PREFIX}download/`
const TICKET_TTL_MS = 10 * 60_000
const STALE_TEMP_MS = 60 * 60_000
const TEMP_PREFIX = '.ui-bundle-'

const exportRequest = z.object({ jobId: jobIdSchema }).strict()

interface Ticket {
  dir: string
  file: string
  fileName: string
  zipBytes: number
  expires: number
}

export interface BundleRoutes {
  /** Handles the request when it is a bundle route (true), after the caller checked Host. */
  handle(req: IncomingMessage, res: ServerResponse, pathname: string, search: URLSearchParams): boolean
  close(): void
}

function fail(res: ServerResponse, status: number, err: unknown): void {
  const known = err instanceof OrchestratorError
  sendJson(res, status, {
    ok: false,
    error: { kind: known ? err.kind : 'internal', message: known ? err.message : 'internal error; see the server log' },
  })
}

function badInput(message: string): OrchestratorError {
  return new OrchestratorError({ kind: 'bad_input', retryable: false, message })
}

function sweepStale(runsDir: string): void {
  let names: string[]
  try {
    names = readdirSync(runsDir)
  } catch {
    return
  }
  for (const name of names) {
    if (!name.startsWith(TEMP_PREFIX)) continue
    const dir = join(runsDir, name)
    try {
      if (Date.now() - statSync(dir).mtimeMs > STALE_TEMP_MS) rmSync(dir, { recursive: true, force: true })
    } catch {
      // another server may be removing it too
    }
  }
}

/** Counts the bytes streaming through and fails the pipeline past `limit`. */
function byteCap(limit: number, tooBig: () => OrchestratorError): Transform {
  let seen = 0
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length
      if (seen > limit) done(tooBig())
      else done(null, chunk)
    },
  })
}

export function createBundleRoutes(options: {
  runsDir: string
  /** The server's Host, Origin and token checks; false when it has already answered the refusal. */
  authorize: (req: IncomingMessage, res: ServerResponse) => boolean
  maxUploadBytes?: number
  onInternalError?: (channel: string, err: unknown) => void
}): BundleRoutes {
  const { runsDir } = options
  const maxUpload = options.maxUploadBytes ?? MAX_BUNDLE_UPLOAD_BYTES
  const tickets = new Map<string, Ticket>()
  sweepStale(runsDir)

  const tempDir = (): string => {
    mkdirSync(runsDir, { recursive: true })
    return mkdtempSync(join(runsDir, TEMP_PREFIX))
  }
  const drop = (ticket: Ticket): void => rmSync(ticket.dir, { recursive: true, force: true })
  const expire = (): void => {
    const now = Date.now()
    for (const [id, ticket] of tickets) {
      if (ticket.expires > now) continue
      tickets.delete(id)
      drop(ticket)
    }
  }
  const timer = setInterval(expire, 60_000)
  timer.unref()

  const unexpected = (channel: string, res: ServerResponse, err: unknown): void => {
    if (!(err instanceof OrchestratorError)) options.onInternalError?.(channel, err)
    if (!res.headersSent) fail(res, err instanceof OrchestratorError && err.status === 413 ? 413 : 200, err)
    else res.destroy()
  }

  const exportBundle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let body: unknown
    try {
      const raw = await readBody(req, 4096)
      body = JSON.parse(raw.toString('utf8'))
    } catch {
      return fail(res, 400, badInput('send { "jobId": "job_…" } as JSON'))
    }
    const parsed = exportRequest.safeParse(body)
    if (!parsed.success) return fail(res, 400, badInput(`invalid export request: ${parsed.error.issues[0]?.message ?? 'bad body'}`))
    const { jobId } = parsed.data
    const paths = locateRun(runsDir, jobId, UI_RUN_HINT)
    const dir = tempDir()
    try {
      const result = await exportRun({ runDir: paths.root, outFile: join(dir, `${jobId}.zip`) })
      const id = randomBytes(32).toString('base64url')
      const fileName = `${result.jobId}.zip`
      tickets.set(id, { dir, file: result.file, fileName, zipBytes: result.zipBytes, expires: Date.now() + TICKET_TTL_MS })
      sendJson(res, 200, { ok: true, data: { url: `${DOWNLOAD_PREFIX}${id}`, fileName, zipBytes: result.zipBytes } })
    } catch (err) {
      rmSync(dir, { recursive: true, force: true })
      throw err
    }
  }

  const download = (res: ServerResponse, id: string): void => {
    const ticket = tickets.get(id)
    tickets.delete(id)
    if (!ticket || ticket.expires < Date.now()) {
      if (ticket) drop(ticket)
      res.writeHead(404, { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
      res.end('this download link was used or has expired; press Export again')
      return
    }
    res.writeHead(200, {
      ...BASE_HEADERS,
      'Content-Type': 'application/zip',
      'Content-Length': String(ticket.zipBytes),
      'Content-Disposition': `attachment; filename="${ticket.fileName}"`,
      'Cache-Control': 'no-store',
    })
    pipeline(createReadStream(ticket.file), res)
      .catch((err: unknown) => options.onInternalError?.('bundles.download', err))
      .finally(() => drop(ticket))
  }

  const importBundle = async (req: IncomingMessage, res: ServerResponse, search: URLSearchParams): Promise<void> => {
    if (!/^application\/(zip|octet-stream|x-zip-compressed)(;|$)/i.test(req.headers['content-type'] ?? '')) {
      return fail(res, 415, badInput('send the bundle as application/zip'))
    }
    const name = bundleFileNameSchema.safeParse(search.get('name') ?? '')
    if (!name.success) return fail(res, 400, badInput(name.error.issues[0]?.message ?? 'name the .zip file'))
    const tooBig = (): OrchestratorError =>
      new OrchestratorError({
        kind: 'bad_input',
        retryable: false,
        status: 413,
        message: bundleTooBigMessage(name.data, maxUpload),
      })
    const declared = Number(req.headers['content-length'] ?? Number.NaN)
    if (Number.isFinite(declared) && declared > maxUpload) {
      res.setHeader('Connection', 'close')
      fail(res, 413, tooBig())
      req.resume()
      return
    }
    const dir = tempDir()
    try {
      const zipFile = join(dir, 'bundle.zip')
      try {
        await pipeline(req, byteCap(maxUpload, tooBig), createWriteStream(zipFile, { flags: 'wx', mode: 0o600 }))
      } catch (err) {
        if (err instanceof OrchestratorError) res.setHeader('Connection', 'close')
        throw err instanceof OrchestratorError ? err : badInput('the upload was cut off; drop the bundle again')
      }
      const result = await importRun({ zipFile, runsDir })
      sendJson(res, 200, { ok: true, data: { jobId: result.jobId, originalJobId: result.originalJobId } })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }

  return {
    handle(req, res, pathname, search) {
      if (!pathname.startsWith(BUNDLES_PREFIX)) return false
      if (pathname.startsWith(DOWNLOAD_PREFIX) && req.method === 'GET') {
        download(res, pathname.slice(DOWNLOAD_PREFIX.length))
        return true
      }
      if (!options.authorize(req, res)) return true
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST')
        fail(res, 405, badInput('use POST'))
        return true
      }
      const route = pathname.slice(BUNDLES_PREFIX.length)
      if (route === 'export') exportBundle(req, res).catch((err: unknown) => unexpected('bundles.export', res, err))
      else if (route === 'import') importBundle(req, res, search).catch((err: unknown) => unexpected('bundles.import', res, err))
      else fail(res, 404, badInput('no such API route'))
      return true
    },
    close() {
      clearInterval(timer)
      for (const ticket of tickets.values()) drop(ticket)
      tickets.clear()
    },
  }
}
