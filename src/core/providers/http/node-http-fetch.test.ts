import net from 'node:net'
import http from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { createNodeHttpFetch } from './node-http-fetch'

/**
 * A server as strict as Python's http.server handlers (mlx_lm.server): it reads the request head,
 * drops the connection when there is no Content-Length or the body is chunked, reads exactly
 * Content-Length bytes and answers HTTP/1.0, ending the reply by closing the connection.
 */
interface SeenRequest {
  head: string
  body: string
}

async function startStrictServer(
  reply: (req: SeenRequest) => string,
): Promise<{ url: string; seen: SeenRequest[]; dropped: number; closedByClient: Promise<void>; close(): Promise<void> }> {
  const seen: SeenRequest[] = []
  let dropped = 0
  let clientClosed: () => void = () => {}
  const closedByClient = new Promise<void>((resolve) => (clientClosed = resolve))
  const server = net.createServer((socket) => {
    let buffer = Buffer.alloc(0)
    socket.on('close', () => clientClosed())
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk])
      const end = buffer.indexOf('\r\n\r\n')
      if (end === -1) return
      const head = buffer.subarray(0, end).toString('latin1')
      const lengthLine = /^content-length:\s*(\d+)\s*$/im.exec(head)
      if (/^transfer-encoding:/im.test(head) || (!lengthLine && !head.startsWith('GET'))) {
        dropped++
        socket.destroy()
        return
      }
      const length = lengthLine ? Number(lengthLine[1]) : 0
      const body = buffer.subarray(end + 4)
      if (body.length < length) return
      const req = { head, body: body.subarray(0, length).toString('utf8') }
      seen.push(req)
      socket.removeAllListeners('data')
      const text = reply(req)
      if (text !== '') socket.end(`HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n${text}`)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    get dropped() {
      return dropped
    },
    closedByClient,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

let close: (() => Promise<void>) | undefined
afterEach(async () => {
  await close?.()
  close = undefined
})

describe('node-http-fetch against a strict HTTP/1.0 server', () => {
  it('sends every body whole with its byte length (multi-byte text, bytes) and reads a reply ended by close', async () => {
    const server = await startStrictServer((req) => JSON.stringify({ echoed: req.body }))
    close = server.close
    const fetch = createNodeHttpFetch()
    const text = JSON.stringify({ prompt: 'héllo — 世界 🚀' })
    const res = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: text,
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ echoed: text })
    const bytes = new TextEncoder().encode('raw bytes ✓')
    const res2 = await fetch(`${server.url}/x`, { method: 'POST', body: bytes })
    expect(await res2.json()).toEqual({ echoed: 'raw bytes ✓' })
    const res3 = await fetch(`${server.url}/empty`, { method: 'POST' })
    expect(await res3.json()).toEqual({ echoed: '' })
    expect(server.dropped).toBe(0)
    expect(server.seen[0]?.head).toMatch(new RegExp(`^content-length: ${Buffer.byteLength(text)}$`, 'im'))
    expect(server.seen.every((r) => !/transfer-encoding/i.test(r.head))).toBe(true)
  })

  it('replaces a wrong Content-Length or Transfer-Encoding given by the caller', async () => {
    const server = await startStrictServer((req) => JSON.stringify({ echoed: req.body }))
    close = server.close
    const res = await createNodeHttpFetch()(`${server.url}/x`, {
      method: 'POST',
      headers: { 'content-length': '3', 'transfer-encoding': 'chunked' },
      body: '{"a":"long enough"}',
    })
    expect(await res.json()).toEqual({ echoed: '{"a":"long enough"}' })
  })

  it('still reports the connected socket and destroys it at once on abort', async () => {
    const server = await startStrictServer(() => '')
    close = server.close
    let connected = 0
    const controller = new AbortController()
    const pending = createNodeHttpFetch({ onConnected: () => connected++ })(`${server.url}/slow`, {
      method: 'POST',
      body: '{}',
      signal: controller.signal,
    })
    await new Promise<void>((resolve) => {
      const poll = (): void => (server.seen.length > 0 ? resolve() : void setTimeout(poll, 5))
      poll()
    })
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    await server.closedByClient
    expect(connected).toBe(1)
  })
})

describe('node-http-fetch against a keep-alive HTTP/1.1 server', () => {
  async function startKeepAliveServer(): Promise<{ url: string; connections: net.Socket[]; close(): Promise<void> }> {
    const connections: net.Socket[] = []
    const server = http.createServer((req, res) => {
      req.resume()
      req.on('end', () => res.end(JSON.stringify({ path: req.url })))
    })
    server.on('connection', (socket) => connections.push(socket))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as net.AddressInfo
    return {
      url: `http://127.0.0.1:${port}`,
      connections,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections()
          server.close(() => resolve())
        }),
    }
  }

  it('sends sequential requests over one connection, each hook call reporting it connected', async () => {
    const server = await startKeepAliveServer()
    close = server.close
    let connected = 0
    const fetch = createNodeHttpFetch({ onConnected: () => connected++ })
    for (const path of ['/a', '/b', '/c']) {
      const res = await fetch(`${server.url}${path}`, { method: 'POST', body: '{}' })
      expect(await res.json()).toEqual({ path })
    }
    expect(server.connections).toHaveLength(1)
    expect(connected).toBe(3)
  })

  it('sends a request again on a fresh connection when the server closed the pooled one', async () => {
    const server = await startKeepAliveServer()
    close = server.close
    const fetch = createNodeHttpFetch()
    expect(await (await fetch(`${server.url}/first`, { method: 'POST', body: '{}' })).json()).toEqual({ path: '/first' })
    // The server resets the idle connection as the next request goes out on it (the keep-alive race).
    const pooled = server.connections[0]
    pooled?.once('data', () => pooled.resetAndDestroy())
    const res = await fetch(`${server.url}/second`, { method: 'POST', body: '{}' })
    expect(await res.json()).toEqual({ path: '/second' })
    expect(server.connections).toHaveLength(2)
  })
})

describe('node-http-fetch splitting a body into lines (the `lines` hook)', () => {
  async function startChunkedServer(status: number, pieces: string[]): Promise<{ url: string; close(): Promise<void> }> {
    const server = http.createServer((req, res) => {
      req.resume()
      res.writeHead(status, { 'content-type': 'application/x-ndjson' })
      const next = (i: number): void => {
        if (i === pieces.length) return void res.end()
        res.write(pieces[i])
        setTimeout(() => next(i + 1), 5)
      }
      next(0)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as net.AddressInfo
    return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
  }

  it('passes on whole lines however the server cuts them, and sees each line once', async () => {
    const server = await startChunkedServer(200, ['{"a":1}\n{"b"', ':2}\n{"c":', '3}'])
    close = server.close
    const seen: string[] = []
    const fetch = createNodeHttpFetch({ lines: { maxLineBytes: 1024, onLine: (l) => seen.push(l), onEnd: () => seen.push('<end>') } })
    const res = await fetch(`${server.url}/api/chat`, { method: 'POST', body: '{}' })
    const reader = (res.body as ReadableStream<Uint8Array>).getReader()
    const parts: string[] = []
    for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(new TextDecoder().decode(r.value))
    expect(parts).toEqual(['{"a":1}\n', '{"b":2}\n', '{"c":3}'])
    expect(seen).toEqual(['{"a":1}', '{"b":2}', '{"c":3}', '<end>'])
  })

  it('stops an over-long line with quota_exceeded, and leaves an error status body whole', async () => {
    const long = await startChunkedServer(200, ['{"ok":1}\n', 'x'.repeat(800), 'x'.repeat(800), '\n'])
    close = long.close
    const lines = { maxLineBytes: 1024, onLine: () => undefined, onEnd: () => undefined }
    const res = await createNodeHttpFetch({ lines })(`${long.url}/api/chat`, { method: 'POST', body: '{}' })
    await expect(res.text()).rejects.toMatchObject({ kind: 'quota_exceeded' })
    await long.close()
    const failing = await startChunkedServer(500, ['x'.repeat(800), 'x'.repeat(800)])
    close = failing.close
    const error = await createNodeHttpFetch({ lines })(`${failing.url}/api/chat`, { method: 'POST', body: '{}' })
    expect(error.status).toBe(500)
    expect(await error.text()).toHaveLength(1600)
  })
})
