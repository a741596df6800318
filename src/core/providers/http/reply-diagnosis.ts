/**
 * What a server's reply says about itself, read from facts every adapter observes: the parsed
 * shape of an error body (JSON with an `error`, or plain text from a router), whether a reply
 * meant to stream is an event stream, and the two failures that need their own words — a whole
 * JSON document where a stream was asked for, and a connection closed before any byte.
 */
import { ProviderError } from '../../errors'

export interface ErrorBody {
  /** True when the body is a JSON object (an API speaking), false for plain text (a router or proxy). */
  json: boolean
  /** The error's message: `error.message`, `error` when it is a string, `message`, or the text itself. */
  message: string
  /** `error.code` / `code` when present. */
  code?: string | number | null
  /** `error.type` / `type` when present. */
  type?: string
  /** True when `error` is a bare string ({"error": "…"}: Ollama, mlx_lm.server). */
  errorIsString: boolean
}

function field(record: Record<string, unknown>, name: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined
}

export function parseErrorBody(text: string | undefined): ErrorBody {
  const raw = (text ?? '').trim()
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    return { json: false, message: raw.slice(0, 300), errorIsString: false }
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    return { json: false, message: raw.slice(0, 300), errorIsString: false }
  const record = parsed as Record<string, unknown>
  const error = field(record, 'error')
  if (typeof error === 'string') return { json: true, message: error, errorIsString: true }
  const inner = error && typeof error === 'object' ? (error as Record<string, unknown>) : record
  const message = field(inner, 'message')
  const code = field(inner, 'code')
  const type = field(inner, 'type')
  return {
    json: true,
    message: typeof message === 'string' ? message : raw.slice(0, 300),
    ...(typeof code === 'string' || typeof code === 'number' || code === null ? { code } : {}),
    ...(typeof type === 'string' ? { type } : {}),
    errorIsString: false,
  }
}

export function notStreamed(display: string, where: string, contentType: string, envVar: string): ProviderError {
  return new ProviderError({
    kind: 'not_streamed',
    retryable: false,
    message: `${display} at ${where} answered with one whole JSON document (Content-Type ${contentType || 'none'}) where a stream was asked for — the server, or a proxy in front of it, ignores "stream": true; point ${envVar} at the server itself or at a proxy that passes streams through`,
  })
}

export function noReply(display: string, where: string, hint: string, cause?: unknown): ProviderError {
  return new ProviderError(
    {
      kind: 'no_reply',
      retryable: true,
      message: `${display} at ${where} took the request and closed the connection without sending a reply — ${hint}`,
    },
    cause === undefined ? undefined : { cause },
  )
}
