/**
 * A stand-in for the OpenAI API on 127.0.0.1 (random port) for tests, speaking the real Chat
 * Completions streaming protocol: `POST /v1/chat/completions` answers with SSE `data: {chunk}`
 * events and `data: [DONE]` (usage in a last, choice-less chunk when
 * `stream_options.include_usage`), tool calls as `delta.tool_calls[{index, id, function}]` with
 * the arguments split across chunks, errors as `{error: {message, type, code}}` with the status;
 * `GET /v1/models` lists `models`. Like OpenAI, it refuses function tools on Chat Completions for
 * OpenAI's current reasoning models (gpt-5.4 and later, gpt-6.x: "use /v1/responses"); with
 * `responses` it also serves `POST /v1/responses` (fake-openai-responses.ts). With `apiKey` set, a different Bearer key gets a 401 whose
 * message echoes the key (as OpenAI does, partly) so tests can check it is never repeated.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { z } from 'zod'
import type { FakeProviderServer, FakeScenario, RecordedRequest } from '../../testing/contract-types'
import { readBody, sleepUnlessGone, splitInto } from '../../testing/fake-server-io'
import { missingReasoning, newResponsesState, playResponses, ResponsesBodySchema } from './fake-openai-responses'
import { httpErrorBody, sendError } from './fake-openai-wire'

export interface FakeOpenAIOptions {
  /** The one key accepted; when unset, any (or no) key is accepted, like mlx_lm.server. */
  apiKey?: string
  models?: string[]
  /** Models that think: on /v1/responses they emit reasoning items that must come back with tool results. */
  reasoningModels?: string[]
  /** Serve POST /v1/responses (OpenAI does; OpenAI-compatible servers such as mlx_lm.server do not). */
  responses?: boolean
  /** Chooses each request's scenario from its body (for runs whose requests arrive in any order); otherwise `play`'s queue. */
  script?: (body: unknown) => FakeScenario
}

/**
 * OpenAI's current reasoning models (gpt-5.4 and later, gpt-6.x) refuse function tools on Chat
 * Completions unless reasoning is switched off, with this 400 (text as OpenAI sends it).
 */
function refusesChatTools(model: string): boolean {
  return /^gpt-(5\.([4-9]|\d{2,})|[6-9])/.test(model)
}

export const FAKE_OPENAI_KEY = 'sk-fake-openai-valid-0123456789'

const ChatBodySchema = z
  .object({
    model: z.string(),
    messages: z.array(z.object({ role: z.string() }).loose()),
    stream: z.boolean().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).loose().optional(),
    tools: z.array(z.object({ type: z.string() }).loose()).optional(),
    reasoning_effort: z.string().nullish(),
  })
  .loose()

type ChatBody = z.infer<typeof ChatBodySchema>

class SseWriter {
  private readonly id = `chatcmpl-fake${Math.floor(Math.random() * 1e9)}`

  constructor(
    private readonly res: http.ServerResponse,
    private readonly body: ChatBody,
    private readonly gone: () => boolean,
  ) {}

  open(headers: Record<string, string> = {}): void {
    this.res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'x-request-id': 'req_fake_stream',
      ...headers,
    })
    this.res.flushHeaders()
  }

  data(payload: unknown): void {
    if (!this.gone()) this.res.write(`data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`)
  }

  chunk(delta: Record<string, unknown>, finish: string | null = null): void {
    this.data({
      id: this.id,
      object: 'chat.completion.chunk',
      created: 0,
      model: this.body.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    })
  }

  finish(reason: string, usage: { input: number; output: number } | undefined): void {
    this.chunk({}, reason)
    if (this.body.stream_options?.include_usage) {
      const u = usage ?? { input: 0, output: 0 }
      this.data({
        id: this.id,
        object: 'chat.completion.chunk',
        created: 0,
        model: this.body.model,
        choices: [],
        usage: { prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output },
      })
    }
    this.data('[DONE]')
    if (!this.gone()) this.res.end()
  }
}

async function play(scenario: FakeScenario, res: http.ServerResponse, body: ChatBody, gone: () => boolean): Promise<void> {
  const sse = new SseWriter(res, body, gone)
  const deltas = async (texts: string[], delayMs = 0): Promise<void> => {
    for (const text of texts) {
      if (delayMs > 0) await sleepUnlessGone(delayMs, gone)
      sse.chunk({ content: text })
    }
  }
  switch (scenario.kind) {
    case 'text':
      sse.open()
      sse.chunk({ role: 'assistant', content: '' })
      await deltas(scenario.deltas)
      return sse.finish('stop', scenario.usage)
    case 'tool_call': {
      sse.open()
      sse.chunk({ role: 'assistant', content: scenario.text ?? null })
      sse.chunk({ tool_calls: [{ index: 0, id: 'call_fake_1', type: 'function', function: { name: scenario.name, arguments: '' } }] })
      for (const piece of splitInto(scenario.argumentsJson, scenario.chunks ?? 4))
        sse.chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] })
      return sse.finish('tool_calls', scenario.usage)
    }
    case 'http_error':
      return sendError(res, scenario.status, httpErrorBody(scenario), scenario.headers)
    case 'context_too_long':
      return sendError(res, 400, {
        message: `This model's maximum context length is ${scenario.limit} tokens. However, your messages resulted in ${scenario.requested} tokens. Please reduce the length of the messages.`,
        type: 'invalid_request_error',
        param: 'messages',
        code: 'context_length_exceeded',
      })
    case 'mid_stream_error':
      sse.open()
      await deltas(scenario.deltas)
      sse.data({
        error: {
          message: 'The server had an error while processing your request. Sorry about that!',
          type: 'server_error',
          param: null,
          code: null,
        },
      })
      if (!gone()) res.end()
      return
    case 'no_end_marker':
      sse.open()
      await deltas(scenario.deltas)
      if (!gone()) res.end()
      return
    case 'stall_headers':
      await sleepUnlessGone(scenario.ms, gone)
      if (gone()) return
      sse.open()
      return sse.finish('stop', undefined)
    case 'stall_after':
      sse.open()
      await deltas(scenario.deltas)
      await sleepUnlessGone(scenario.ms, gone)
      if (!gone()) res.end()
      return
    case 'slow':
      sse.open()
      await deltas(scenario.deltas, scenario.delayMs)
      return sse.finish('stop', undefined)
    case 'route_not_found':
      return sendError(res, 404, { message: `Invalid URL (POST /v1/chat/completions)`, type: 'invalid_request_error', code: null })
    case 'json_reply':
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          id: 'chatcmpl-fakewhole',
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content: scenario.text }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
        }),
      )
      return
    case 'drop_before_reply':
      res.socket?.destroy()
      return
  }
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeProviderServer> {
  const models = options.models ?? ['gpt-4o-mini']
  const requests: RecordedRequest[] = []
  let queue: FakeScenario[] = [{ kind: 'text', deltas: ['ok'] }]
  const next = (): FakeScenario => (queue.length > 1 ? (queue.shift() as FakeScenario) : (queue[0] as FakeScenario))

  const authorized = (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
    if (options.apiKey === undefined) return true
    const sent = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '')
    if (sent === options.apiKey) return true
    sendError(
      res,
      401,
      {
        message: `Incorrect API key provided: ${sent}. You can find your API key at https://platform.openai.com/account/api-keys.`,
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      },
      { 'x-request-id': 'req_fake_auth' },
    )
    return false
  }

  /** Records the request, then answers 401 / 400 / 404 as OpenAI does for a bad key, body or model; the parsed body when it passes. */
  const admit = async <T extends { model: string }>(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    path: string,
    schema: z.ZodType<T>,
  ): Promise<{ raw: unknown; body: T } | undefined> => {
    const closedEarly = new Promise<boolean>((resolve) => res.on('close', () => resolve(!res.writableFinished)))
    const raw: unknown = JSON.parse(await readBody(req))
    requests.push({ path, headers: { ...req.headers }, body: raw, closedEarly })
    if (!authorized(req, res)) return undefined
    const parsed = schema.safeParse(raw)
    if (!parsed.success) {
      sendError(res, 400, { message: `invalid request: ${parsed.error.message}`, type: 'invalid_request_error', code: null })
      return undefined
    }
    if (!models.includes(parsed.data.model)) {
      sendError(res, 404, {
        message: `The model \`${parsed.data.model}\` does not exist or you do not have access to it.`,
        type: 'invalid_request_error',
        code: 'model_not_found',
      })
      return undefined
    }
    return { raw, body: parsed.data }
  }
  const gone = (res: http.ServerResponse) => (): boolean => res.destroyed || res.writableEnded

  const handleChat = async (req: http.IncomingMessage, res: http.ServerResponse, path: string): Promise<void> => {
    const admitted = await admit(req, res, path, ChatBodySchema)
    if (!admitted) return
    const { tools, reasoning_effort: effort, model } = admitted.body
    if ((tools?.length ?? 0) > 0 && refusesChatTools(model) && effort !== 'none') {
      return sendError(res, 400, {
        message: `Function tools with reasoning_effort are not supported for ${model} in /v1/chat/completions. To use function tools, use /v1/responses or set reasoning_effort to 'none'.`,
        type: 'invalid_request_error',
        param: 'reasoning_effort',
        code: null,
      })
    }
    await play(options.script?.(admitted.raw) ?? next(), res, admitted.body, gone(res))
  }

  const responsesState = newResponsesState(options.reasoningModels ?? [])
  const handleResponses = async (req: http.IncomingMessage, res: http.ServerResponse, path: string): Promise<void> => {
    const admitted = await admit(req, res, path, ResponsesBodySchema)
    if (!admitted) return
    const missing = missingReasoning(admitted.body, responsesState)
    if (missing) return sendError(res, 400, { message: missing, type: 'invalid_request_error', param: 'input', code: null })
    await playResponses(options.script?.(admitted.raw) ?? next(), res, admitted.body, responsesState, gone(res))
  }

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    const work = async (): Promise<void> => {
      if (req.method === 'GET' && path === '/v1/models') {
        if (!authorized(req, res)) return
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) }))
        return
      }
      if (req.method === 'POST' && path === '/v1/chat/completions') return handleChat(req, res, path)
      if (req.method === 'POST' && path === '/v1/responses' && options.responses) return handleResponses(req, res, path)
      sendError(res, 404, { message: `Invalid URL (${req.method ?? ''} ${path})`, type: 'invalid_request_error', code: null })
    }
    work().catch((err: unknown) => {
      if (!res.headersSent)
        sendError(res, 500, { message: err instanceof Error ? err.message : String(err), type: 'server_error', code: null })
      else res.destroy()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/v1`,
    models,
    requests,
    play(...scenarios) {
      if (scenarios.length > 0) queue = [...scenarios]
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
}
