/**
 * Test-only: one HTTP request to a server on 127.0.0.1, answered with its status, headers and the
 * body's raw bytes (no decoding, so tests see exactly what was sent, compressed or not).
 */
import { request } from 'node:http'

export interface HttpReply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

export interface HttpRequest {
  method?: string
  path: string
  headers?: Record<string, string>
  /** Sent as is; an array is written piece by piece (with `transfer-encoding: chunked`, one chunk each). */
  body?: Buffer | string | Buffer[]
}

export function httpRequest(port: number, options: HttpRequest): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
      },
    )
    req.on('error', reject)
    const pieces = Array.isArray(options.body) ? options.body : options.body === undefined ? [] : [options.body]
    for (const piece of pieces) req.write(piece)
    req.end()
  })
}
