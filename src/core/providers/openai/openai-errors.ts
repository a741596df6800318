/**
 * Turns whatever a call to an OpenAI-compatible server threw into a ProviderError with the right
 * `kind`, `retryable` and a message that names the fix. Classification uses only facts: which of
 * our timers fired, whether the caller aborted, the SDK's typed error classes with their HTTP
 * status, headers and structured `code`, an in-stream error event, a missing end marker, and
 * system error codes. Server text is only ever shown (redacted), never parsed, and an API key
 * never reaches a message or a `cause`.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai'
import { abortedError, type ErrorInfo, OrchestratorError, ProviderError } from '../../errors'
import { parseRetryAfter } from '../ollama/ollama-errors'
import { redactSecrets, safeCause } from '../../redact/safe-cause'
import type { FiredTimeout, SseFacts } from '../http/sse-exchange'
import { isNoReply } from '../http/no-reply-error'
import { noReply, notStreamed, parseErrorBody, type ErrorBody } from '../http/reply-diagnosis'
import { timeoutKnob } from '../provider-settings'
import { systemCode } from '../../cause-chain'

/** What differs between OpenAI itself and servers that speak its API (MLX). */
export interface OpenAIFlavor {
  /** Shown in messages: 'OpenAI', 'MLX'. */
  display: string
  /** Provider name as in specs and timeout variables: 'openai', 'mlx'. */
  provider: string
  /** Env var that holds the key, when the server needs one. */
  keyEnv?: string
  /** Env var that overrides the base URL. */
  baseUrlEnv: string
  /** How to make the server reachable, given its base URL. */
  unreachableFix(baseURL: string): string
  /** How to get `model` onto the server (or pick another). */
  modelFix(model: string): string
  /** What it means when the server closes the connection without a reply, and where to look. */
  noReplyHint?: string
}

export interface OpenAIFailureContext {
  flavor: OpenAIFlavor
  baseURL: string
  model?: string
  callerSignal: AbortSignal
  facts: SseFacts
  secrets: readonly (string | undefined)[]
  /** The protocol's end marker as shown in messages (default `[DONE]`; Responses: `response.completed`). */
  endMarker?: string
}

const TIMEOUT_HINT: Record<FiredTimeout['phase'], (flavor: OpenAIFlavor) => string> = {
  connect: (f) => `check that ${f.baseUrlEnv} points at a running server and the network is up, or ${timeoutKnob(f.provider, 'connect')}`,
  'first token': (f) =>
    `the model may still be loading or the prompt is long; use a smaller prompt/model, or ${timeoutKnob(f.provider, 'first token')}`,
  idle: (f) => `the model stopped sending output; if this persists, ${timeoutKnob(f.provider, 'idle')}`,
}

function make(info: ErrorInfo, err: unknown, ctx: OpenAIFailureContext): ProviderError {
  const message = redactSecrets(info.message, ctx.secrets)
  const cause = safeCause(err, ctx.secrets)
  return new ProviderError({ ...info, message }, cause === undefined ? undefined : { cause })
}

/**
 * A 404 means "no such model" only when the API itself says so: OpenAI's `model_not_found` code,
 * vLLM's NotFoundError, or mlx_lm.server's `{"error": "…"}` (its model failed to load). A router's
 * plain-text 404 or an "Invalid URL" error is a wrong path.
 */
function isModelNotFound(body: ErrorBody, sdkCode: string | null | undefined): boolean {
  if (sdkCode === 'model_not_found' || body.code === 'model_not_found') return true
  return body.json && (body.errorIsString || body.type === 'NotFoundError')
}

function serverDetail(err: unknown): string {
  if (err instanceof APIError) {
    const body: unknown = err.error
    if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string') return body.message
    if (typeof body === 'string') return body
  }
  return err instanceof Error ? err.message : String(err)
}

function unreachable(err: unknown, ctx: OpenAIFailureContext): ProviderError {
  const code = systemCode(err)
  return make(
    {
      kind: 'network',
      retryable: true,
      message: `cannot reach ${ctx.flavor.display} at ${ctx.baseURL} — ${ctx.flavor.unreachableFix(ctx.baseURL)}${code ? ` [${code}]` : ''}`,
    },
    err,
    ctx,
  )
}

export function modelNotFound(model: string, ctx: OpenAIFailureContext, err?: unknown, said?: string): ProviderError {
  return make(
    {
      kind: 'model_not_found',
      retryable: false,
      status: 404,
      message: `${ctx.flavor.display} at ${ctx.baseURL} has no model '${model}'${said ? ` (it said: ${said.slice(0, 300)})` : ''} — ${ctx.flavor.modelFix(model)}`,
    },
    err,
    ctx,
  )
}

export function missingKey(flavor: OpenAIFlavor): ProviderError {
  const env = flavor.keyEnv ?? 'the API key'
  return new ProviderError({
    kind: 'auth',
    retryable: false,
    message: `${flavor.display} needs an API key — set ${env} (e.g. export ${env}=sk-…)`,
  })
}

function requestIdOf(headers: Headers | undefined, sdkId: string | null | undefined): string | undefined {
  return sdkId ?? headers?.get('x-request-id') ?? headers?.get('request-id') ?? undefined
}

function fromStatus(status: number, err: unknown, headers: Headers | undefined, ctx: OpenAIFailureContext): ProviderError {
  const { display, keyEnv, baseUrlEnv } = ctx.flavor
  const code = err instanceof APIError ? err.code : undefined
  const requestId = requestIdOf(headers, err instanceof APIError ? err.requestID : undefined)
  const idText = requestId ? ` (request id ${requestId})` : ''
  const body = parseErrorBody(ctx.facts.errorBody)
  const detail = ctx.facts.errorBody !== undefined && body.message !== '' ? body.message : serverDetail(err)
  const base = { status, retryAfterMs: parseRetryAfter(headers), ...(requestId ? { requestId } : {}) }
  const info = (kind: ErrorInfo['kind'], retryable: boolean, message: string): ProviderError =>
    make({ ...base, kind, retryable, message }, err, ctx)

  if (status === 401) {
    return keyEnv
      ? info(
          'auth',
          false,
          `${display} rejected the API key (HTTP 401): the key is invalid, expired or revoked — set a valid ${keyEnv}${idText}`,
        )
      : info(
          'auth',
          false,
          `${display} at ${ctx.baseURL} refused access (HTTP 401); check the proxy or credentials in front of it${idText}`,
        )
  }
  if (status === 403) {
    return info(
      'auth',
      false,
      `${display} denied access (HTTP 403: ${detail}); check that ${keyEnv ?? 'the key'} may use '${ctx.model ?? 'this model'}'${idText}`,
    )
  }
  if (status === 400 && code === 'context_length_exceeded') {
    return info(
      'context_length',
      false,
      `the prompt does not fit the context window of '${ctx.model ?? 'the model'}' — ${display} said: ${detail}; shorten the input or use a model with a larger context${idText}`,
    )
  }
  if (status === 404 && ctx.model && isModelNotFound(body, code)) return modelNotFound(ctx.model, ctx, err, body.message)
  if (status === 429) {
    if (code === 'insufficient_quota') {
      return info(
        'rate_limit',
        false,
        `${display} says the account has no quota left (HTTP 429: ${detail}); check the plan and billing${idText}`,
      )
    }
    return info(
      'rate_limit',
      true,
      `${display} rate limit hit (HTTP 429: ${detail}); lower concurrency or wait for the limit to reset${idText}`,
    )
  }
  if (status === 408) return info('timeout', true, `${display} timed out the request (HTTP 408)${idText}`)
  if (status === 409 || status >= 500) {
    return info('server', true, `${display} failed (HTTP ${status}: ${detail}); if it persists, check the provider's status page${idText}`)
  }
  if (status === 404) {
    return info(
      'bad_request',
      false,
      `${display} at ${ctx.baseURL} has no such path (HTTP 404: ${detail || 'no body'}) — this is not a missing model; check ${baseUrlEnv} (it usually ends in /v1)${idText}`,
    )
  }
  return info(
    'bad_request',
    false,
    `${display} rejected the request (HTTP ${status}: ${detail}); check the model options and messages${idText}`,
  )
}

export function classifyOpenAIFailure(err: unknown, ctx: OpenAIFailureContext): ProviderError {
  if (err instanceof OrchestratorError) return err
  const { facts, flavor } = ctx
  if (facts.fired) {
    const { phase, ms } = facts.fired
    return make(
      {
        kind: 'timeout',
        retryable: true,
        message: `${flavor.display} ${phase} timeout (${ms} ms) fired at ${ctx.baseURL}${ctx.model ? ` for '${ctx.model}'` : ''}; ${TIMEOUT_HINT[phase](flavor)}`,
      },
      err,
      ctx,
    )
  }
  if (ctx.callerSignal.aborted || err instanceof APIUserAbortError) return abortedError(safeCause(err, ctx.secrets))
  if (err instanceof APIError && typeof err.status === 'number') return fromStatus(err.status, err, err.headers, ctx)
  if (facts.status !== undefined && (facts.status < 200 || facts.status > 299)) return fromStatus(facts.status, err, facts.headers, ctx)
  if (err instanceof APIConnectionTimeoutError) {
    return make(
      {
        kind: 'timeout',
        retryable: true,
        message: `${flavor.display} did not answer in time at ${ctx.baseURL}; ${TIMEOUT_HINT.connect(flavor)}`,
      },
      err,
      ctx,
    )
  }
  if (isNoReply(err)) {
    const hint = flavor.noReplyHint ?? "check the server's log: it may have crashed on this request"
    return make(noReply(flavor.display, ctx.baseURL, hint).toInfo(), err, ctx)
  }
  if (err instanceof APIConnectionError) return unreachable(err, ctx)
  if (facts.notStreamed !== undefined)
    return make(notStreamed(flavor.display, ctx.baseURL, facts.notStreamed, flavor.baseUrlEnv).toInfo(), err, ctx)
  if (facts.status !== undefined || err instanceof APIError) {
    const streamError = facts.errorEvent ?? (err instanceof APIError ? serverDetail(err) : undefined)
    if (streamError !== undefined) {
      return make(
        {
          kind: 'server',
          retryable: true,
          message: `${flavor.display} reported an error mid-stream: ${streamError}; the partial answer was discarded`,
        },
        err,
        ctx,
      )
    }
    if (err instanceof SyntaxError) {
      return make(
        {
          kind: 'protocol',
          retryable: true,
          message: `${flavor.display} sent stream data that is not valid JSON; the partial answer was discarded — check ${flavor.baseUrlEnv} points at an OpenAI-compatible server`,
        },
        err,
        ctx,
      )
    }
    return make(
      {
        kind: 'protocol',
        retryable: true,
        message: `${flavor.display} closed the stream before it finished (no [DONE] end marker); the partial answer was discarded`,
      },
      err,
      ctx,
    )
  }
  return unreachable(err, ctx)
}
