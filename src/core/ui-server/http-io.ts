/**
 * Small HTTP helpers of the browser-mode server: a JSON answer (never cached, with the base
 * security headers) and a request body read into memory up to a byte limit (a larger body is
 * refused with a `bad_input` error naming the limit, and the request is dropped).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { OrchestratorError } from '../errors'
import { BASE_HEADERS } from './security-headers'

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(text)
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(new OrchestratorError({ kind: 'bad_input', retryable: false, message: `request body over ${limit} bytes` }))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}
