/**
 * Finding 5 of issue 10: a 20 MB streamed Ollama tool call took 7.7 s and 680 MB (quadratic
 * buffering) and the per-file limit only applied after the whole line was buffered. The line
 * splitter is now linear and stops a line at its limit; through the real Ollama adapter a tool
 * call streamed as one 20 MB ND-JSON line (as `ollama serve` sends tool calls: whole, in the
 * message of one chunk) fails with `quota_exceeded` once the limit is passed, and the server
 * sees the request go away long before it could send the rest.
 */
import { createServer, type Server } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { createOllamaProvider } from '../ollama/ollama-provider'
import { boundedLines, DEFAULT_MAX_LINE_BYTES } from './bounded-lines'

async function pipe(chunks: string[], maxLineBytes = 1024): Promise<{ lines: string[]; downstream: string[]; error?: unknown }> {
  const lines: string[] = []
  const downstream: string[] = []
  const encoder = new TextEncoder()
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk))
      controller.close()
    },
  })
  const reader = source
    .pipeThrough(boundedLines({ maxLineBytes, onLine: (l) => lines.push(l), onEnd: () => lines.push('<end>') }))
    .getReader()
  const decoder = new TextDecoder()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      downstream.push(decoder.decode(value))
    }
  } catch (error) {
    return { lines, downstream, error }
  }
  return { lines, downstream }
}

describe('boundedLines', () => {
  it('splits lines across any chunking, multi-byte characters included, and passes only complete lines on', async () => {
    const { lines, downstream } = await pipe(['{"a":"é', 'é"}\n{"b"', ':1}\n{"c":2}\n{"tail":', '3}'])
    expect(lines).toEqual(['{"a":"éé"}', '{"b":1}', '{"c":2}', '{"tail":3}', '<end>'])
    expect(downstream).toEqual(['{"a":"éé"}\n', '{"b":1}\n{"c":2}\n', '{"tail":3}'])
  })

  it('stops a line that passes the limit with quota_exceeded, before it ends', async () => {
    const { lines, error } = await pipe(['{"ok":1}\n', 'x'.repeat(600), 'x'.repeat(600), 'never\n'])
    expect(lines).toEqual(['{"ok":1}'])
    expect(error).toMatchObject({ kind: 'quota_exceeded', retryable: false, message: expect.stringMatching(/per-file limit/) })
  })
})

let server: Server | undefined
afterEach(() => {
  server?.closeAllConnections()
  server?.close()
  server = undefined
})

describe('a huge streamed Ollama tool call', () => {
  it('is stopped at the limit with quota_exceeded; the rest is never read', async () => {
    const total = 20 * 1024 * 1024
    let sent = 0
    let closedEarly = false
    server = createServer((req, res) => {
      req.resume()
      res.writeHead(200, { 'content-type': 'application/x-ndjson' })
      const head = `{"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"write_file","arguments":{"path":"big.txt","content":"`
      res.write(head)
      const piece = 'x'.repeat(64 * 1024)
      const pump = (): void => {
        while (sent < total) {
          sent += piece.length
          if (!res.write(piece)) return void res.once('drain', pump)
        }
        res.end('"}}}]},"done":false}\n{"model":"m","done":true,"done_reason":"stop"}\n')
      }
      res.on('close', () => {
        if (sent < total) closedEarly = true
      })
      pump()
    })
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    const provider = createOllamaProvider({ host: `http://127.0.0.1:${port}` })
    const chunks: string[] = []
    const consume = async (): Promise<void> => {
      for await (const chunk of provider.chat(
        { model: 'm', messages: [{ role: 'user', content: 'go' }], tools: [], options: {} },
        { signal: new AbortController().signal },
      ))
        chunks.push(chunk.type)
    }
    await expect(consume()).rejects.toMatchObject({ kind: 'quota_exceeded' })
    expect(chunks).toEqual([])
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(closedEarly).toBe(true)
    expect(sent).toBeLessThan(total)
    expect(sent).toBeGreaterThan(DEFAULT_MAX_LINE_BYTES / 2)
  })
})
