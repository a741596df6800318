/**
 * A minimal `fetch` on node:http(s) for the Ollama client. It exists for two guarantees the
 * built-in fetch cannot give: a hook when the TCP connection is up (so "connect" and "first
 * token" are separate timeouts), and an abort that destroys the socket at once (the server sees
 * the request go away). Connections are kept alive and reused (one pool per process, idle sockets
 * closed after IDLE_SOCKET_MS), so a run's model calls do not each pay a TCP (and TLS) handshake;
 * a request whose pooled connection turns out to be closed by the server before any reply (the
 * race every keep-alive client has) is sent once more on a fresh connection. Like every
 * standard client, a request body is sent whole with its Content-Length (never chunked): strict
 * servers such as Python's http.server (mlx_lm.server) read exactly that many bytes and drop a
 * request without it. A connection the server closes without a byte of reply rejects with
 * NoReplyError, so it is not mistaken for a server that cannot be reached.
 */
import http from 'node:http'
import https from 'node:https'
import { LineSplitter, type BoundedLineOptions } from './bounded-lines'
import { NoReplyError } from './no-reply-error'

/** Idle pooled sockets close after this; below the 5 s keep-alive timeout of Node's and most servers. */
const IDLE_SOCKET_MS = 4_000
const pools = {
  http: new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
  https: new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
}

export interface NodeHttpFetchHooks {
  /** Called once, when the socket for the request has connected. */
  onConnected?: () => void
  /**
   * Splits a 2xx body into bounded lines as it arrives (see bounded-lines): the body passes on
   * complete lines only and errors with `quota_exceeded` at an over-long line, without a stream
   * stage of its own per response.
   */
  lines?: BoundedLineOptions
}

/** Lower-cased names; a name given twice is joined with ", " (as Headers does). Node's http checks names and values. */
function headerRecord(headers: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {}
  if (!headers) return out
  const add = (value: string, key: string): void => {
    const name = key.toLowerCase()
    const text = value.trim()
    out[name] = out[name] === undefined ? text : `${out[name]}, ${text}`
  }
  if (headers instanceof Headers) headers.forEach(add)
  else if (Array.isArray(headers)) for (const [key, value] of headers) add(String(value), String(key))
  else for (const [key, value] of Object.entries(headers)) add(String(value), key)
  return out
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  if (reason instanceof Error) return reason
  return new DOMException('This operation was aborted', 'AbortError')
}

function requestBody(body: RequestInit['body']): Uint8Array | undefined {
  if (body === undefined || body === null) return undefined
  if (typeof body === 'string') return Buffer.from(body, 'utf8')
  if (body instanceof URLSearchParams) return Buffer.from(body.toString(), 'utf8')
  if (body instanceof ArrayBuffer) return new Uint8Array(body)
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
  throw new TypeError('node-http-fetch sends only bodies of known length (string, bytes, URLSearchParams)')
}

/** The request headers with the body's exact length, and never Transfer-Encoding. */
function requestHeaders(init: RequestInit | undefined, body: Uint8Array | undefined): Record<string, string> {
  const headers = headerRecord(init?.headers)
  delete headers['transfer-encoding']
  delete headers['content-length']
  const method = (init?.method ?? 'GET').toUpperCase()
  if (body !== undefined) headers['content-length'] = String(body.byteLength)
  else if (method !== 'GET' && method !== 'HEAD') headers['content-length'] = '0'
  if (init?.body instanceof URLSearchParams && !headers['content-type']) {
    headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8'
  }
  return headers
}

export function createNodeHttpFetch(hooks: NodeHttpFetchHooks = {}): typeof fetch {
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)
      const signal = init?.signal ?? undefined
      if (signal?.aborted) {
        reject(abortReason(signal))
        return
      }
      let body: Uint8Array | undefined
      try {
        body = requestBody(init?.body)
      } catch (err) {
        reject(err)
        return
      }
      const secure = url.protocol === 'https:'
      const requestHead = requestHeaders(init, body)
      let responded = false
      let connected = false
      const onConnect = (): void => {
        connected = true
        hooks.onConnected?.()
      }
      const send = (pooled: boolean): http.ClientRequest => {
        const transport = secure ? https : http
        const agent = pooled ? (secure ? pools.https : pools.http) : false
        const req = transport.request(url, { method: init?.method ?? 'GET', headers: requestHead, agent })
        req.on('socket', (socket) => {
          if (socket.connecting) socket.once('connect', onConnect)
          else onConnect()
        })
        req.on('error', (err) => {
          if (responded) return
          const code = (err as NodeJS.ErrnoException).code
          const reset = code === 'ECONNRESET' || code === 'EPIPE'
          if (pooled && req.reusedSocket && reset && !signal?.aborted) {
            current = send(false)
            return
          }
          cleanup()
          if (connected && reset && !signal?.aborted) {
            reject(new NoReplyError('the server closed the connection without sending a reply', { cause: err }))
          } else reject(err)
        })
        req.on('response', (res) => onResponse(req, res))
        req.end(body)
        return req
      }
      const onAbort = (): void => {
        current.destroy(signal ? abortReason(signal) : undefined)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      const cleanup = (): void => signal?.removeEventListener('abort', onAbort)

      const onResponse = (req: http.ClientRequest, res: http.IncomingMessage): void => {
        responded = true
        const status = res.statusCode ?? 0
        const headers = new Headers()
        for (const [key, value] of Object.entries(res.headers)) {
          if (Array.isArray(value)) for (const v of value) headers.append(key, v)
          else if (value !== undefined) headers.set(key, value)
        }
        let settled = false
        const splitter = hooks.lines && status >= 200 && status < 300 ? new LineSplitter(hooks.lines) : undefined
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            res.on('data', (chunk: Buffer) => {
              if (settled) return
              let bytes: Uint8Array | undefined = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)
              if (splitter) {
                try {
                  bytes = splitter.push(bytes)
                } catch (err) {
                  settled = true
                  cleanup()
                  controller.error(err)
                  req.destroy()
                  return
                }
              }
              if (bytes) controller.enqueue(bytes)
              if ((controller.desiredSize ?? 0) <= 0) res.pause()
            })
            res.on('end', () => {
              if (settled) return
              settled = true
              cleanup()
              const last = splitter?.end()
              if (last) controller.enqueue(last)
              controller.close()
            })
            res.on('error', (err) => {
              if (settled) return
              settled = true
              cleanup()
              controller.error(signal?.aborted ? abortReason(signal) : err)
            })
            res.on('close', () => {
              if (settled) return
              settled = true
              cleanup()
              controller.error(signal?.aborted ? abortReason(signal) : new Error('connection closed before the response was complete'))
            })
          },
          pull() {
            res.resume()
          },
          cancel() {
            settled = true
            cleanup()
            req.destroy()
          },
        })
        const nullBody = status === 204 || status === 304 || init?.method === 'HEAD'
        if (nullBody) res.resume()
        try {
          resolve(new Response(nullBody ? null : stream, { status, statusText: res.statusMessage ?? '', headers }))
        } catch (err) {
          req.destroy()
          reject(err)
        }
      }
      let current = send(true)
    })
}
