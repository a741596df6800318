/**
 * Turns whatever a call to Ollama threw into a ProviderError with the right `kind`, `retryable`
 * and a message that names the fix. Classification uses only observed facts: which of our timers
 * fired, whether the caller aborted, the HTTP status (and a request id header, which a proxy in
 * front of Ollama may add), an `{error}` line in the stream, a missing `done` line, and system
 * error codes. The library's error text is only ever shown, never parsed.
 */
import { abortedError, OrchestratorError, ProviderError } from '../../errors'
import type { ExchangeFacts, FiredTimeout } from './ollama-exchange'
import { isNoReply } from '../http/no-reply-error'
import { noReply, parseErrorBody } from '../http/reply-diagnosis'
import { timeoutKnob } from '../provider-settings'
import { systemCode } from '../../cause-chain'

export interface FailureContext {
  host: string
  model?: string
  callerSignal: AbortSignal
  facts: ExchangeFacts
}

const TIMEOUT_HINT: Record<FiredTimeout['phase'], string> = {
  connect: `check that OLLAMA_HOST points at a running Ollama, or ${timeoutKnob('ollama', 'connect')}`,
  'first token': `the model may still be loading or the prompt is long; use a smaller model, or ${timeoutKnob('ollama', 'first token')}`,
  idle: `the model stopped sending output; if this persists, ${timeoutKnob('ollama', 'idle')}`,
}

function shown(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

export function parseRetryAfter(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = headers?.get('retry-after-ms')
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms))
  const value = headers?.get('retry-after')
  if (!value) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

function unreachable(host: string, code: string | undefined, cause?: unknown): ProviderError {
  return new ProviderError(
    {
      kind: 'network',
      retryable: true,
      message: `cannot reach Ollama at ${host} — start it with \`ollama serve\` (or set OLLAMA_HOST)${code ? ` [${code}]` : ''}`,
    },
    { cause },
  )
}

export function modelMissing(host: string, model: string, cause?: unknown): ProviderError {
  return new ProviderError(
    {
      kind: 'model_not_found',
      retryable: false,
      status: 404,
      message: `Ollama at ${host} has no model '${model}' — run \`ollama pull ${model}\``,
    },
    { cause },
  )
}

function fromStatus(status: number, err: unknown, ctx: FailureContext): ProviderError {
  const body = parseErrorBody(ctx.facts.errorBody)
  const detail = ctx.facts.errorBody !== undefined ? body.message || 'no body' : shown(err)
  const requestId = ctx.facts.headers?.get('x-request-id') ?? ctx.facts.headers?.get('request-id') ?? undefined
  const base = { status, retryAfterMs: parseRetryAfter(ctx.facts.headers), ...(requestId ? { requestId } : {}) }
  const cause = { cause: err }
  // Ollama's API answers a missing model with 404 {"error": "model '…' not found"}; a router's or
  // proxy's 404 ("404 page not found", plain text) means the path does not exist there.
  if (status === 404 && ctx.model && body.json && body.errorIsString) return modelMissing(ctx.host, ctx.model, err)
  if (status === 404) {
    return new ProviderError(
      {
        ...base,
        kind: 'bad_request',
        retryable: false,
        message: `the server at ${ctx.host} has no Ollama API (HTTP 404: ${detail}) — this is not a missing model; check that OLLAMA_HOST points at Ollama itself`,
      },
      cause,
    )
  }
  if (status === 400 || status === 404 || status === 405 || status === 413 || status === 422) {
    return new ProviderError(
      {
        ...base,
        kind: 'bad_request',
        retryable: false,
        message: `Ollama rejected the request (HTTP ${status}: ${detail}); check the model options and messages`,
      },
      cause,
    )
  }
  if (status === 401 || status === 403) {
    return new ProviderError(
      {
        ...base,
        kind: 'auth',
        retryable: false,
        message: `Ollama at ${ctx.host} refused access (HTTP ${status}: ${detail}); check the proxy or credentials in front of it`,
      },
      cause,
    )
  }
  if (status === 429) {
    return new ProviderError(
      {
        ...base,
        kind: 'rate_limit',
        retryable: true,
        message: `Ollama is busy (HTTP 429: ${detail}); lower concurrency or raise OLLAMA_NUM_PARALLEL`,
      },
      cause,
    )
  }
  if (status === 408) {
    return new ProviderError(
      { ...base, kind: 'timeout', retryable: true, message: `Ollama timed out the request (HTTP 408: ${detail})` },
      cause,
    )
  }
  if (status === 409 || status >= 500) {
    return new ProviderError(
      {
        ...base,
        kind: 'server',
        retryable: true,
        message: `Ollama failed (HTTP ${status}: ${detail}); check \`ollama serve\` logs if it persists${requestId ? ` (request id ${requestId})` : ''}`,
      },
      cause,
    )
  }
  return new ProviderError(
    {
      ...base,
      kind: 'bad_request',
      retryable: false,
      message: `Ollama answered HTTP ${status} (${detail}); check OLLAMA_HOST points at Ollama`,
    },
    cause,
  )
}

export function classifyOllamaFailure(err: unknown, ctx: FailureContext): ProviderError {
  if (err instanceof OrchestratorError) return err
  const { facts } = ctx
  if (facts.fired) {
    const { phase, ms } = facts.fired
    return new ProviderError(
      {
        kind: 'timeout',
        retryable: true,
        message: `Ollama ${phase} timeout (${ms} ms) fired at ${ctx.host}${ctx.model ? ` for '${ctx.model}'` : ''}; ${TIMEOUT_HINT[phase]}`,
      },
      { cause: err },
    )
  }
  if (ctx.callerSignal.aborted) return abortedError(err)
  if (facts.status !== undefined && (facts.status < 200 || facts.status > 299)) return fromStatus(facts.status, err, ctx)
  if (facts.status !== undefined) {
    if (facts.errorLine !== undefined) {
      return new ProviderError(
        {
          kind: 'server',
          retryable: true,
          message: `Ollama reported an error mid-stream: ${facts.errorLine}; the partial answer was discarded`,
        },
        { cause: err },
      )
    }
    return new ProviderError(
      { kind: 'protocol', retryable: true, message: 'Ollama closed the stream before it finished (no done message)' },
      { cause: err },
    )
  }
  if (isNoReply(err)) {
    return noReply(
      'Ollama',
      ctx.host,
      'check the `ollama serve` log: it may have crashed on this request (e.g. while loading the model)',
      err,
    )
  }
  const code = systemCode(err, 4)
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') {
    return new ProviderError(
      { kind: 'timeout', retryable: true, message: `Ollama connect timeout at ${ctx.host}; ${TIMEOUT_HINT.connect}` },
      { cause: err },
    )
  }
  return unreachable(ctx.host, code, err)
}
