/**
 * Turns whatever a call to the Anthropic API threw into a ProviderError with the right `kind`,
 * `retryable`, HTTP status, retry-after and the provider's request id, and a message that names
 * the fix. Classification uses only facts: which of our timers fired, whether the caller aborted,
 * the SDK's typed error classes (status, headers, error.type), whether the 200 stream had
 * started, and system error codes. The one piece of text read is Anthropic's documented
 * "prompt is too long: N tokens > M maximum", to report the limit (the API has no field for it).
 * The API key never appears in a message (any server text shown is scrubbed of it) nor in the
 * `cause` chain (a cause that carries it is dropped).
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk'
import { abortedError, type ErrorInfo, OrchestratorError, ProviderError } from '../../errors'
import type { FiredTimeout } from '../ollama/ollama-exchange'
import { timeoutKnob } from '../provider-settings'
import { parseRetryAfter } from '../ollama/ollama-errors'
import { redactSecrets, safeCause } from '../../redact/safe-cause'
import { isNoReply } from '../http/no-reply-error'
import { noReply, notStreamed } from '../http/reply-diagnosis'
import { systemCode } from '../../cause-chain'

export interface AnthropicFailureContext {
  baseURL: string
  model?: string
  apiKey?: string
  callerSignal: AbortSignal
  fired?: FiredTimeout
  /** True once the HTTP 200 stream was open (a later failure is a broken stream). */
  streamOpen: boolean
  /** Content-Type of a 2xx reply that was one JSON document instead of the stream asked for. */
  notStreamed?: string
}

const TIMEOUT_HINT: Record<FiredTimeout['phase'], string> = {
  connect: `check the network and ANTHROPIC_BASE_URL, or ${timeoutKnob('anthropic', 'connect')}`,
  'first token': `the API accepted the request but sent nothing; ${timeoutKnob('anthropic', 'first token')}`,
  idle: `the model stopped sending output; if this persists, ${timeoutKnob('anthropic', 'idle')}`,
}

const CONTEXT_LIMIT = /(\d+)\s*tokens?\s*>\s*(\d+)\s*maximum/

export function missingKeyError(): ProviderError {
  return new ProviderError({
    kind: 'auth',
    retryable: false,
    message: 'no Anthropic API key: set ANTHROPIC_API_KEY (or pick another provider)',
  })
}

function detailOf(err: APIError, ctx: AnthropicFailureContext): string {
  return redactSecrets(err.apiMessage ?? err.message, [ctx.apiKey])
}

function withId(message: string, requestId: string | undefined): string {
  return requestId ? `${message} [request id ${requestId}]` : message
}

function contextLimitOf(apiMessage: string | null): { requested: number; limit: number } | undefined {
  const match = apiMessage ? CONTEXT_LIMIT.exec(apiMessage) : null
  return match ? { requested: Number(match[1]), limit: Number(match[2]) } : undefined
}

function unreachableAnthropic(baseURL: string, code: string | undefined, cause?: unknown): ProviderError {
  return new ProviderError(
    {
      kind: 'network',
      retryable: true,
      message: `cannot reach the Anthropic API at ${baseURL} — check the network connection and ANTHROPIC_BASE_URL${code ? ` [${code}]` : ''}`,
    },
    { cause },
  )
}

function anthropicModelMissing(model: string, requestId?: string, cause?: unknown): ProviderError {
  return new ProviderError(
    {
      kind: 'model_not_found',
      retryable: false,
      status: 404,
      requestId,
      message: `Anthropic has no model '${model}' — check the model name in the spec or ANTHROPIC_MODEL (e.g. claude-sonnet-4-6)`,
    },
    { cause },
  )
}

function fromStatus(status: number, err: APIError, ctx: AnthropicFailureContext): ProviderError {
  const requestId = err.requestID ?? undefined
  const base = { status, requestId, retryAfterMs: parseRetryAfter(err.headers) }
  const make = (info: Pick<ErrorInfo, 'kind' | 'retryable' | 'message'>): ProviderError =>
    new ProviderError({ ...base, ...info, message: withId(info.message, requestId) }, { cause: safeCause(err, [ctx.apiKey]) })
  const detail = detailOf(err, ctx)
  if (status === 401)
    return make({ kind: 'auth', retryable: false, message: 'Anthropic says the API key is invalid (HTTP 401) — check ANTHROPIC_API_KEY' })
  if (status === 403)
    return make({
      kind: 'auth',
      retryable: false,
      message: `Anthropic refused access (HTTP 403: ${detail}) — check the key's workspace and permissions`,
    })
  if (status === 402)
    return make({
      kind: 'auth',
      retryable: false,
      message: `Anthropic refused the request for billing reasons (HTTP 402: ${detail}) — check the account's credit and spend limits`,
    })
  if (status === 404 && ctx.model) return anthropicModelMissing(ctx.model, requestId, safeCause(err, [ctx.apiKey]))
  if (status === 400) {
    const context = contextLimitOf(err.apiMessage)
    if (context) {
      return make({
        kind: 'context_length',
        retryable: false,
        message: `the prompt is too long for ${ctx.model ? `'${ctx.model}'` : 'the model'}: ${context.requested} tokens, limit ${context.limit} tokens — shorten the inputs or use a model with a larger context`,
      })
    }
  }
  if (status === 429)
    return make({
      kind: 'rate_limit',
      retryable: true,
      message: `Anthropic rate limit hit (HTTP 429: ${detail}); lower concurrency or wait for the limit to reset`,
    })
  if (status === 408) return make({ kind: 'timeout', retryable: true, message: `Anthropic timed out the request (HTTP 408: ${detail})` })
  if (status === 409 || status >= 500) {
    return make({
      kind: 'server',
      retryable: true,
      message: `Anthropic failed (HTTP ${status}: ${detail}); see status.anthropic.com if it persists`,
    })
  }
  return make({
    kind: 'bad_request',
    retryable: false,
    message: `Anthropic rejected the request (HTTP ${status}: ${detail}); check the model options and messages`,
  })
}

function midStreamError(err: APIError, ctx: AnthropicFailureContext): ProviderError {
  const requestId = err.requestID ?? undefined
  const type = err.type ?? 'error'
  const kind = type === 'rate_limit_error' ? 'rate_limit' : 'server'
  const message = `Anthropic reported ${type} mid-stream (${detailOf(err, ctx)}); the partial answer was discarded`
  return new ProviderError(
    { kind, retryable: true, requestId, message: withId(message, requestId) },
    { cause: safeCause(err, [ctx.apiKey]) },
  )
}

export function classifyAnthropicFailure(err: unknown, ctx: AnthropicFailureContext): ProviderError {
  if (err instanceof OrchestratorError) return err
  if (ctx.fired) {
    const { phase, ms } = ctx.fired
    return new ProviderError(
      {
        kind: 'timeout',
        retryable: true,
        message: `Anthropic ${phase} timeout (${ms} ms) fired at ${ctx.baseURL}${ctx.model ? ` for '${ctx.model}'` : ''}; ${TIMEOUT_HINT[phase]}`,
      },
      { cause: safeCause(err, [ctx.apiKey]) },
    )
  }
  if (ctx.callerSignal.aborted || err instanceof APIUserAbortError) return abortedError(err)
  if (err instanceof APIConnectionTimeoutError) {
    return new ProviderError(
      { kind: 'timeout', retryable: true, message: `Anthropic request timed out at ${ctx.baseURL}; ${TIMEOUT_HINT.connect}` },
      { cause: safeCause(err, [ctx.apiKey]) },
    )
  }
  if (isNoReply(err)) {
    return noReply(
      'Anthropic',
      ctx.baseURL,
      'check ANTHROPIC_BASE_URL and any proxy in front of the API: it dropped the request',
      safeCause(err, [ctx.apiKey]),
    )
  }
  if (err instanceof APIConnectionError) return unreachableAnthropic(ctx.baseURL, systemCode(err), safeCause(err, [ctx.apiKey]))
  if (err instanceof APIError) return typeof err.status === 'number' ? fromStatus(err.status, err, ctx) : midStreamError(err, ctx)
  if (ctx.notStreamed !== undefined) return notStreamed('Anthropic', ctx.baseURL, ctx.notStreamed, 'ANTHROPIC_BASE_URL')
  if (ctx.streamOpen) {
    return new ProviderError(
      {
        kind: 'protocol',
        retryable: true,
        message: 'Anthropic closed the stream before it finished (no message_stop); the partial answer was discarded',
      },
      { cause: safeCause(err, [ctx.apiKey]) },
    )
  }
  const code = systemCode(err)
  if (code) return unreachableAnthropic(ctx.baseURL, code, safeCause(err, [ctx.apiKey]))
  const shown = redactSecrets(err instanceof Error ? err.message : String(err), [ctx.apiKey])
  return new ProviderError(
    { kind: 'internal', retryable: false, message: `the Anthropic client failed before sending the request: ${shown}` },
    { cause: safeCause(err, [ctx.apiKey]) },
  )
}
