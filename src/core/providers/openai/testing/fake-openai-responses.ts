/**
 * The `POST /v1/responses` half of the fake OpenAI server, speaking the Responses API streaming
 * protocol as OpenAI documents it and as the SDK's types define it (openai 7.x,
 * resources/responses): `event: <type>` + `data: {…, sequence_number}` for response.created,
 * response.in_progress, response.output_item.added / .done, response.content_part.added / .done,
 * response.output_text.delta / .done, response.function_call_arguments.delta / .done and
 * response.completed with usage (`input_tokens_details.cached_tokens`, `cache_write_tokens`);
 * errors as `event: error`. Reasoning models (`reasoningModels`) first emit a reasoning item with
 * `encrypted_content`; like OpenAI, a later request that returns the output of a function call
 * without the reasoning item that came with it is refused (HTTP 400). Prompt caching is emulated
 * the way OpenAI describes it: the longest prefix shared with an earlier request, counted in
 * 128-token steps from 1024 tokens, is reported as cached.
 */
import type http from 'node:http'
import { z } from 'zod'
import type { FakeScenario } from '../../testing/contract-types'
import { sleepUnlessGone, splitInto } from '../../testing/fake-server-io'
import { httpErrorBody, sendError } from './fake-openai-wire'

export const ResponsesBodySchema = z
  .object({
    model: z.string(),
    input: z.union([z.string(), z.array(z.object({}).loose())]).optional(),
    instructions: z.string().nullish(),
    tools: z.array(z.object({ type: z.string() }).loose()).optional(),
    stream: z.boolean().optional(),
  })
  .loose()

export type ResponsesBody = z.infer<typeof ResponsesBodySchema>

export interface ResponsesState {
  reasoningModels: ReadonlySet<string>
  /** call_id → the reasoning item that came with it. */
  issued: Map<string, { id: string; encrypted: string }>
  /** Serialized prefixes of earlier requests (for cache emulation). */
  seen: string[]
  counter: number
}

export function newResponsesState(reasoningModels: readonly string[]): ResponsesState {
  return { reasoningModels: new Set(reasoningModels), issued: new Map(), seen: [], counter: 0 }
}

const tokens = (chars: number): number => Math.ceil(chars / 4)

function cachedTokens(prefix: string, seen: readonly string[]): number {
  let best = 0
  for (const earlier of seen) {
    let i = 0
    const max = Math.min(earlier.length, prefix.length)
    while (i < max && earlier.charCodeAt(i) === prefix.charCodeAt(i)) i++
    best = Math.max(best, i)
  }
  const shared = tokens(best)
  return shared < 1024 ? 0 : Math.floor(shared / 128) * 128
}

/** Like OpenAI: every function_call_output must come with the reasoning item of its call. */
export function missingReasoning(body: ResponsesBody, state: ResponsesState): string | undefined {
  const items = Array.isArray(body.input) ? body.input : []
  for (const item of items) {
    if (item.type !== 'function_call_output' || typeof item.call_id !== 'string') continue
    const needed = state.issued.get(item.call_id)
    if (!needed) continue
    const present = items.some(
      (other) => other.type === 'reasoning' && other.id === needed.id && other.encrypted_content === needed.encrypted,
    )
    if (!present) return `Item for call '${item.call_id}' was provided without its required 'reasoning' item: '${needed.id}'.`
  }
  return undefined
}

class ResponsesWriter {
  private seq = 0
  readonly output: Record<string, unknown>[] = []
  readonly id: string

  constructor(
    private readonly res: http.ServerResponse,
    private readonly body: ResponsesBody,
    private readonly gone: () => boolean,
    n: number,
  ) {
    this.id = `resp_fake${n}`
  }

  open(): void {
    this.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': 'req_fake_stream' })
    this.res.flushHeaders()
  }

  event(type: string, fields: Record<string, unknown>): void {
    if (this.gone()) return
    this.res.write(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: this.seq++, ...fields })}\n\n`)
  }

  response(status: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      id: this.id,
      object: 'response',
      created_at: 0,
      status,
      model: this.body.model,
      output: status === 'in_progress' ? [] : this.output,
      instructions: this.body.instructions ?? null,
      tools: this.body.tools ?? [],
      parallel_tool_calls: true,
      tool_choice: 'auto',
      error: null,
      incomplete_details: null,
      usage: null,
      ...extra,
    }
  }

  start(): void {
    this.open()
    this.event('response.created', { response: this.response('in_progress') })
    this.event('response.in_progress', { response: this.response('in_progress') })
  }

  reasoning(id: string, encrypted: string): void {
    const index = this.output.length
    this.event('response.output_item.added', { output_index: index, item: { type: 'reasoning', id, summary: [] } })
    const item = { type: 'reasoning', id, summary: [{ type: 'summary_text', text: 'Planned the answer.' }], encrypted_content: encrypted }
    this.output.push(item)
    this.event('response.output_item.done', { output_index: index, item })
  }

  async message(deltas: readonly string[], pause: () => Promise<void>): Promise<void> {
    const index = this.output.length
    const id = `msg_fake${index}`
    const base = { type: 'message', id, role: 'assistant' }
    this.event('response.output_item.added', { output_index: index, item: { ...base, status: 'in_progress', content: [] } })
    this.event('response.content_part.added', {
      item_id: id,
      output_index: index,
      content_index: 0,
      part: { type: 'output_text', text: '', annotations: [] },
    })
    for (const delta of deltas) {
      await pause()
      this.event('response.output_text.delta', { item_id: id, output_index: index, content_index: 0, delta, logprobs: [] })
    }
    const text = deltas.join('')
    const part = { type: 'output_text', text, annotations: [], logprobs: [] }
    this.event('response.output_text.done', { item_id: id, output_index: index, content_index: 0, text, logprobs: [] })
    this.event('response.content_part.done', { item_id: id, output_index: index, content_index: 0, part })
    const item = { ...base, status: 'completed', content: [part] }
    this.output.push(item)
    this.event('response.output_item.done', { output_index: index, item })
  }

  functionCall(callId: string, name: string, argumentsJson: string, pieces: number): void {
    const index = this.output.length
    const id = `fc_fake${index}`
    const base = { type: 'function_call', id, call_id: callId, name }
    this.event('response.output_item.added', { output_index: index, item: { ...base, arguments: '', status: 'in_progress' } })
    for (const delta of splitInto(argumentsJson, pieces))
      this.event('response.function_call_arguments.delta', { item_id: id, output_index: index, delta })
    this.event('response.function_call_arguments.done', { item_id: id, output_index: index, name, arguments: argumentsJson })
    const item = { ...base, arguments: argumentsJson, status: 'completed' }
    this.output.push(item)
    this.event('response.output_item.done', { output_index: index, item })
  }

  complete(usage: Record<string, unknown>): void {
    this.event('response.completed', { response: this.response('completed', { usage }) })
    if (!this.gone()) this.res.end()
  }
}

export async function playResponses(
  scenario: FakeScenario,
  res: http.ServerResponse,
  body: ResponsesBody,
  state: ResponsesState,
  gone: () => boolean,
): Promise<void> {
  const n = ++state.counter
  const w = new ResponsesWriter(res, body, gone, n)
  const prefix = JSON.stringify([body.model, body.tools ?? [], body.instructions ?? '', body.input ?? ''])
  const cached = cachedTokens(prefix, state.seen)
  state.seen.push(prefix)
  const usageOf = (given: { input: number; output: number } | undefined, outputChars: number): Record<string, unknown> => {
    const input = given?.input ?? tokens(prefix.length)
    const output = given?.output ?? tokens(outputChars)
    return {
      input_tokens: input,
      input_tokens_details: { cached_tokens: Math.min(cached, input), cache_write_tokens: 0 },
      output_tokens: output,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: input + output,
    }
  }
  const thinks = state.reasoningModels.has(body.model)
  const reasoningId = `rs_fake${n}`
  const encrypted = `enc_${n}_${Math.floor(Math.random() * 1e9).toString(36)}`
  const noPause = (): Promise<void> => Promise.resolve()
  switch (scenario.kind) {
    case 'text':
      w.start()
      if (thinks) w.reasoning(reasoningId, encrypted)
      await w.message(scenario.deltas, noPause)
      return w.complete(usageOf(scenario.usage, scenario.deltas.join('').length))
    case 'tool_call': {
      w.start()
      const callId = `call_fake${n}`
      if (thinks) {
        w.reasoning(reasoningId, encrypted)
        state.issued.set(callId, { id: reasoningId, encrypted })
      }
      if (scenario.text) await w.message([scenario.text], noPause)
      w.functionCall(callId, scenario.name, scenario.argumentsJson, scenario.chunks ?? 4)
      return w.complete(usageOf(scenario.usage, scenario.argumentsJson.length))
    }
    case 'http_error':
      return sendError(res, scenario.status, httpErrorBody(scenario), scenario.headers)
    case 'context_too_long':
      return sendError(res, 400, {
        message: `Your input exceeds the context window of this model. Please adjust your input and try again. (limit ${scenario.limit} tokens, requested ${scenario.requested})`,
        type: 'invalid_request_error',
        param: 'input',
        code: 'context_length_exceeded',
      })
    case 'mid_stream_error':
      w.start()
      await w.message(scenario.deltas, noPause)
      w.event('error', {
        code: 'server_error',
        message: 'The server had an error while processing your request. Sorry about that!',
        param: null,
      })
      if (!gone()) res.end()
      return
    case 'no_end_marker':
      w.start()
      await w.message(scenario.deltas, noPause)
      if (!gone()) res.end()
      return
    case 'stall_headers':
      await sleepUnlessGone(scenario.ms, gone)
      if (gone()) return
      w.start()
      await w.message([''], noPause)
      return w.complete(usageOf(undefined, 0))
    case 'stall_after':
      w.start()
      await w.message(scenario.deltas, noPause)
      await sleepUnlessGone(scenario.ms, gone)
      if (!gone()) res.end()
      return
    case 'slow':
      w.start()
      await w.message(scenario.deltas, () => sleepUnlessGone(scenario.delayMs, gone))
      return w.complete(usageOf(undefined, scenario.deltas.join('').length))
    case 'route_not_found':
      return sendError(res, 404, { message: 'Invalid URL (POST /v1/responses)', type: 'invalid_request_error', code: null })
    case 'json_reply':
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          id: `resp_fakewhole${n}`,
          object: 'response',
          status: 'completed',
          model: body.model,
          output: [{ type: 'message', id: `msg_${n}`, role: 'assistant', content: [{ type: 'output_text', text: scenario.text }] }],
          usage: usageOf(undefined, scenario.text.length),
        }),
      )
      return
    case 'drop_before_reply':
      res.socket?.destroy()
      return
  }
}
