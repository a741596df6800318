/**
 * The one line splitter for streamed model responses (ND-JSON and SSE), linear in the bytes it
 * sees however the server chunks them: each chunk is scanned once for `\n` (a byte that never
 * occurs inside a UTF-8 sequence), a partial line is kept as a list of pieces (never
 * re-concatenated per chunk), and only complete lines are passed downstream, so a client
 * library that buffers with `buffer += chunk; buffer.split('\n')` sees one line per chunk and
 * stays linear too. A line longer than `maxLineBytes` stops the stream at once with a
 * `quota_exceeded` error: memory stays bounded near the limit, a 200 MB tool call is cut off at it.
 */
import { ProviderError } from '../../errors'
import { DEFAULT_TOOL_LIMITS } from '../../tools/types'

/**
 * A tool call streamed as one line (Ollama) carries the file JSON-escaped inside a JSON line,
 * so the line limit is twice the per-file limit plus room for the envelope.
 */
export const DEFAULT_MAX_LINE_BYTES = 2 * DEFAULT_TOOL_LIMITS.maxFileBytes + 64 * 1024

export function lineTooLong(bytes: number, limit: number): ProviderError {
  return new ProviderError({
    kind: 'quota_exceeded',
    retryable: false,
    message: `the model streamed a single message (tool call) of more than ${limit} bytes (${bytes} so far); it was stopped there because it is over the per-file limit of ${DEFAULT_TOOL_LIMITS.maxFileBytes} bytes: ask for smaller files`,
  })
}

export interface BoundedLineOptions {
  maxLineBytes: number
  onLine: (line: string) => void
  onEnd: () => void
  /** Called once when a line passes the limit (before the stream errors). */
  onTooLong?: (error: ProviderError) => void
}

function concat(pieces: Uint8Array[], total: number): Uint8Array {
  if (pieces.length === 1 && pieces[0]) return pieces[0]
  const out = new Uint8Array(total)
  let offset = 0
  for (const piece of pieces) {
    out.set(piece, offset)
    offset += piece.length
  }
  return out
}

/**
 * The splitter itself, for a body read chunk by chunk (node-http-fetch feeds it from the socket):
 * `push` returns the complete lines of a chunk (with their `\n`), `end` the unterminated last
 * line, if any; a line over the limit throws `quota_exceeded` (after `onTooLong`).
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder()
  private pending: Uint8Array[] = []
  private pendingBytes = 0

  constructor(private readonly options: BoundedLineOptions) {}

  push(chunk: Uint8Array): Uint8Array | undefined {
    const out: Uint8Array[] = []
    let outBytes = 0
    let start = 0
    for (;;) {
      const nl = chunk.indexOf(0x0a, start)
      const end = nl === -1 ? chunk.length : nl
      if (this.pendingBytes + end - start > this.options.maxLineBytes) {
        const error = lineTooLong(this.pendingBytes + end - start, this.options.maxLineBytes)
        this.pending = []
        this.pendingBytes = 0
        this.options.onTooLong?.(error)
        throw error
      }
      if (nl === -1) break
      this.pending.push(chunk.subarray(start, nl + 1))
      this.pendingBytes += nl + 1 - start
      const line = concat(this.pending, this.pendingBytes)
      this.options.onLine(this.decoder.decode(line.subarray(0, line.length - 1)))
      out.push(line)
      outBytes += line.length
      this.pending = []
      this.pendingBytes = 0
      start = nl + 1
    }
    if (start < chunk.length) {
      this.pending.push(chunk.subarray(start))
      this.pendingBytes += chunk.length - start
    }
    return outBytes > 0 ? concat(out, outBytes) : undefined
  }

  end(): Uint8Array | undefined {
    let last: Uint8Array | undefined
    if (this.pendingBytes > 0) {
      last = concat(this.pending, this.pendingBytes)
      this.options.onLine(this.decoder.decode(last))
    }
    this.options.onEnd()
    return last
  }
}

/** The splitter as a stream stage, for a body from any fetch. */
export function boundedLines(options: BoundedLineOptions): TransformStream<Uint8Array, Uint8Array> {
  const splitter = new LineSplitter(options)
  return new TransformStream<Uint8Array, Uint8Array>({
    transform: (chunk, controller) => {
      try {
        const lines = splitter.push(chunk)
        if (lines) controller.enqueue(lines)
      } catch (error) {
        controller.error(error)
      }
    },
    flush: (controller) => {
      const last = splitter.end()
      if (last) controller.enqueue(last)
    },
  })
}
