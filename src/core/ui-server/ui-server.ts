/**
 * Browser mode: the built renderer and the app API on 127.0.0.1, for Linux users and the
 * Playwright tests. `POST /api/invoke/<channel>` (JSON body, `Authorization: Bearer <token>`)
 * goes through the same dispatcher as Electron IPC and answers with an InvokeResult;
 * `GET /api/events?token=` upgrades to a WebSocket that pushes every push message of the contract
 * (`{ channel, payload }`: run events, model pull progress).
 * Guarantees: a fresh random 32-byte token per start; every API and WebSocket request passes the
 * Host (DNS rebinding), Origin and token checks before any work; bodies are size-capped; a client
 * that cannot keep up is disconnected (it reattaches with `runs.get`) instead of growing memory.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { AppService } from '../app/app-service'
import { createDispatcher } from '../app/dispatch'
import { OrchestratorError } from '../errors'
import { createBundleRoutes } from './bundle-routes'
import { readBody, sendJson } from './http-io'
import { bearerToken, checkHost, checkOrigin, newToken, tokenMatches, type GuardFailure } from './request-guard'
import { serveStatic } from './static-files'

const MAX_BODY_BYTES = 8 * 1024 * 1024
const MAX_CLIENT_BUFFER_BYTES = 16 * 1024 * 1024
const INVOKE_PREFIX = '/api/invoke/'
const EVENTS_PATH = '/api/events'

export interface UiServerOptions {
  /** 0 picks a free port. */
  port: number
  host?: '127.0.0.1'
  rendererDir: string
  /** The service's runs folder: bundle downloads and uploads go through temp folders in it. */
  runsDir: string
  /** Largest bundle upload accepted (default: MAX_BUNDLE_UPLOAD_BYTES, 2 GB). */
  maxUploadBytes?: number
  service: Pick<AppService, 'handlers' | 'onPush'>
  onInternalError?: (channel: string, err: unknown) => void
}

export interface UiServer {
  /** `http://127.0.0.1:<port>/#token=<token>`: the fragment never reaches a server or a log. */
  url: string
  origin: string
  port: number
  token: string
  close(): Promise<void>
}

function sendGuardFailure(res: ServerResponse, failure: GuardFailure): void {
  sendJson(res, failure.status, { ok: false, error: { kind: failure.status === 401 ? 'auth' : 'forbidden', message: failure.message } })
}

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
}

export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const token = newToken()
  const dispatch = createDispatcher(options.service.handlers, { onInternalError: options.onInternalError })
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 })
  let port = options.port

  const authFailure = (req: IncomingMessage, given: string | undefined | null): GuardFailure | undefined =>
    checkHost(req.headers.host, port) ??
    checkOrigin(req.headers.origin, port) ??
    (tokenMatches(given, token) ? undefined : { status: 401, message: "missing or wrong token; open the URL printed by 'orchestrator ui'" })

  const bundles = createBundleRoutes({
    runsDir: options.runsDir,
    maxUploadBytes: options.maxUploadBytes,
    onInternalError: options.onInternalError,
    authorize: (req, res) => {
      const failure = authFailure(req, bearerToken(req.headers.authorization))
      if (failure) sendGuardFailure(res, failure)
      return failure === undefined
    },
  })

  const handleInvoke = async (req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> => {
    const failure = authFailure(req, bearerToken(req.headers.authorization))
    if (failure) return sendGuardFailure(res, failure)
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST')
      return sendJson(res, 405, { ok: false, error: { kind: 'bad_input', message: 'use POST' } })
    }
    if (!/^application\/json(;|$)/i.test(req.headers['content-type'] ?? '')) {
      return sendJson(res, 415, { ok: false, error: { kind: 'bad_input', message: 'send the request as application/json' } })
    }
    let request: unknown
    try {
      const body = await readBody(req, MAX_BODY_BYTES)
      request = body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as unknown)
    } catch (err) {
      const tooBig = err instanceof OrchestratorError
      return sendJson(res, tooBig ? 413 : 400, {
        ok: false,
        error: { kind: 'bad_input', message: tooBig ? err.message : 'the request body is not valid JSON' },
      })
    }
    sendJson(res, 200, await dispatch(channel, request))
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const hostFailure = checkHost(req.headers.host, port)
    if (hostFailure) return sendGuardFailure(res, hostFailure)
    if (url.pathname.startsWith(INVOKE_PREFIX)) {
      handleInvoke(req, res, url.pathname.slice(INVOKE_PREFIX.length)).catch((err: unknown) => {
        options.onInternalError?.('http', err)
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: { kind: 'internal', message: 'internal error; see the server log' } })
      })
      return
    }
    if (bundles.handle(req, res, url.pathname, url.searchParams)) return
    if (url.pathname === EVENTS_PATH)
      return sendJson(res, 426, { ok: false, error: { kind: 'bad_input', message: 'connect with a WebSocket' } })
    if (url.pathname.startsWith('/api/'))
      return sendJson(res, 404, { ok: false, error: { kind: 'bad_input', message: 'no such API route' } })
    serveStatic(options.rendererDir, req, res, url.pathname)
  })

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname !== EVENTS_PATH) return rejectUpgrade(socket, 404, 'Not Found')
    const failure = authFailure(req, url.searchParams.get('token'))
    if (failure) return rejectUpgrade(socket, failure.status, failure.status === 401 ? 'Unauthorized' : 'Forbidden')
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      // Pushes are coalesced: every event of one tick goes out as one frame (a JSON array of
      // {channel, payload}), so thousands of token events per second cost few socket writes.
      let pending: string[] = []
      let scheduled: NodeJS.Immediate | undefined
      const flush = (): void => {
        scheduled = undefined
        const frame = `[${pending.join(',')}]`
        pending = []
        if (ws.readyState !== ws.OPEN) return
        if (ws.bufferedAmount > MAX_CLIENT_BUFFER_BYTES) {
          ws.terminate()
          return
        }
        ws.send(frame)
      }
      const unsubscribe = options.service.onPush((message) => {
        if (ws.readyState !== ws.OPEN) return
        pending.push(JSON.stringify({ channel: message.channel, payload: message.payload }))
        scheduled ??= setImmediate(flush)
      })
      ws.on('close', () => {
        unsubscribe()
        if (scheduled) clearImmediate(scheduled)
      })
      ws.on('error', () => ws.terminate())
      ws.on('message', () => undefined)
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port
  const origin = `http://127.0.0.1:${port}`

  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    close: async () => {
      bundles.close()
      for (const client of wss.clients) client.terminate()
      wss.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}
