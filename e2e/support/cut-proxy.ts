/**
 * A cuttable network between the page and `orchestrator ui`: an HTTP + WebSocket proxy on
 * 127.0.0.1 that forwards to the server, presenting the server's own Host and Origin (as the
 * page would if it had loaded from the server). `cut()` drops every open connection and refuses
 * new ones — what a sleeping laptop or a flaky network does to the UI, while the server and its
 * run go on; `restore()` lets connections through again.
 */
import { createServer, request, type IncomingMessage } from 'node:http'
import { connect, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'

export interface CutProxy {
  /** Page URL through the proxy (with the server's token fragment). */
  url: string
  cut(): void
  restore(): void
  close(): Promise<void>
}

function rewriteHeaders(req: IncomingMessage, target: number, self: number): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = value
  headers.host = `127.0.0.1:${target}`
  if (typeof headers.origin === 'string') headers.origin = headers.origin.replace(`:${self}`, `:${target}`)
  return headers
}

export async function startCutProxy(serverUrl: string): Promise<CutProxy> {
  const target = Number(new URL(serverUrl).port)
  const open = new Set<Duplex>()
  let down = false
  let self = 0
  const track = (socket: Duplex): void => {
    open.add(socket)
    socket.once('close', () => open.delete(socket))
  }
  const server = createServer((req, res) => {
    if (down) return req.socket.destroy()
    const upstream = request({
      host: '127.0.0.1',
      port: target,
      method: req.method,
      path: req.url,
      headers: rewriteHeaders(req, target, self),
    })
    upstream.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  server.on('connection', (socket: Socket) => {
    if (down) socket.destroy()
    else track(socket)
  })
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (down) return socket.destroy()
    const upstream = connect(target, '127.0.0.1', () => {
      const headers = rewriteHeaders(req, target, self)
      const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1`]
      for (const [name, value] of Object.entries(headers))
        for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${v}`)
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`)
      if (head.length > 0) upstream.write(head)
      upstream.pipe(socket)
      socket.pipe(upstream)
    })
    track(upstream)
    const drop = (): void => {
      upstream.destroy()
      socket.destroy()
    }
    upstream.on('error', drop)
    socket.on('error', drop)
    socket.on('close', drop)
    upstream.on('close', drop)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  self = (server.address() as AddressInfo).port
  const fragment = new URL(serverUrl).hash
  return {
    url: `http://127.0.0.1:${self}/${fragment}`,
    cut() {
      down = true
      for (const socket of open) socket.destroy()
    },
    restore() {
      down = false
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
