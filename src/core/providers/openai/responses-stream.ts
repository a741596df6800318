/**
 * One answer through the OpenAI Responses API (`client.responses.stream` of the real SDK): the
 * request from responses-request, the events folded by ResponsesTurn, our connect / first-token /
 * idle timers on the socket (paused while a chunk is with the consumer), and every failure
 * classified like Chat Completions' (same typed errors). An answer without `response.completed`
 * (or `.incomplete`) is a failure; stopping early cancels the HTTP request for real.
 */
import type { ResponseStreamEvent } from 'openai/resources/responses/responses'
import { abortedError } from '../../errors'
import type { SseEvent } from '../http/sse-exchange'
import type { ProviderTimeouts } from '../provider-settings'
import type { ChatRequest, ProviderChunk } from '../types'
import { openStreamCall, StreamIncomplete, type OpenAICompatibleSettings } from './openai-client'
import { classifyOpenAIFailure } from './openai-errors'
import { toResponsesRequest } from './responses-request'
import { ResponsesTurn } from './responses-turn'

const END_EVENTS = new Set(['response.completed', 'response.incomplete'])

function isEndEvent(event: SseEvent): boolean {
  if (event.event !== undefined) return END_EVENTS.has(event.event)
  return /"type"\s*:\s*"response\.(completed|incomplete)"/.test(event.data.slice(0, 200))
}

export async function* responsesStream(
  s: OpenAICompatibleSettings,
  request: ChatRequest,
  signal: AbortSignal,
  callTimeouts?: ProviderTimeouts,
): AsyncGenerator<ProviderChunk> {
  const { t, exchange, client, ctx } = openStreamCall(s, request.model, signal, callTimeouts, isEndEvent, 'response.completed')
  const stream = client.responses.stream(toResponsesRequest(request), { signal })
  let finished = false
  try {
    const iterator: AsyncIterator<ResponseStreamEvent> = stream[Symbol.asyncIterator]()
    const turn = new ResponsesTurn()
    for (;;) {
      const next = await iterator.next()
      exchange.disarm()
      if (next.done) break
      for (const chunk of turn.accept(next.value)) {
        if (chunk.type === 'done') finished = true
        yield chunk
      }
      if (finished) return
      if (signal.aborted) throw abortedError()
      exchange.arm('idle', t.idleMs)
    }
    throw new StreamIncomplete('stream ended without response.completed')
  } catch (err) {
    throw classifyOpenAIFailure(err, ctx)
  } finally {
    exchange.disarm()
    if (!finished) stream.abort()
  }
}
