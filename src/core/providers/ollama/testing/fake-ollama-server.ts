/**
 * A scripted stand-in for Ollama on 127.0.0.1 (random port) for tests: `POST /api/chat` speaks
 * Ollama's ND-JSON streaming protocol, `GET /api/tags` lists `models`; when enabled by the options,
 * `GET /api/version` answers a version and `POST /api/pull` streams pull progress lines, then lists
 * the model (otherwise both are 404, as before). `POST /api/show {model}` answers like server/routes.go
 * ShowHandler (api/types.go ShowResponse): `details`, `model_info` with `general.architecture` and
 * `<arch>.context_length`, and `capabilities` (default ["completion", "tools"]; null or [] omits the field:
 * it is `omitempty`, and Ollama releases before capabilities never sent it); an unknown model gets 404 "model '…' not found". Like real Ollama, a chat
 * for a model that is not listed gets HTTP 404 {"error": "model '…' not found"} (server/routes.go ChatHandler), a path it has no route for gin's text/plain "404 page not found". Each
 * chat request is parsed, recorded, and answered by the script's FakeReply: text deltas, tool
 * calls, usage, an HTTP error, a stall, a stream torn before `done`, or an `{error}` line. With
 * `countPrompt` the fake fits each prompt into its num_ctx and reports prompt_eval_count as Ollama
 * does (fake-ollama-prompt.ts).
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { z } from 'zod'
import { countPrompt, type CountedPrompt, type PromptCounting } from './fake-ollama-prompt'
import { readBody } from '../../testing/fake-server-io'

interface FakeToolCall {
  name: string
  arguments: Record<string, unknown>
  /** Sent as `id` when set; real Ollama versions differ on whether they send one. */
  id?: string
}

export interface FakeReply {
  /** `message.thinking` deltas, one line each before the text, as ChatHandler streams a thinking model's reasoning. */
  thinking?: string[]
  /** Text deltas, one ND-JSON line each. */
  text?: string[]
  /** Sent in one line after the text. */
  toolCalls?: FakeToolCall[]
  usage?: { promptTokens: number; completionTokens: number }
  /** `done_reason` of the final line (default 'stop'). */
  doneReason?: string
  /** Pause before each streamed line. */
  delayMs?: number
  /** Pause before the response headers (a model that is loading). */
  headerDelayMs?: number
  /** Answer with this HTTP status and `{"error": error}` instead of a stream. */
  status?: number
  error?: string
  headers?: Record<string, string>
  /**
   * What follows the deltas: 'done' (default) the final line; 'stall' nothing more until the
   * client goes away; 'end' end the response without `done`; 'destroy' drop the connection;
   * 'error_line' an `{"error": error}` line, then end.
   */
  ending?: 'done' | 'stall' | 'end' | 'destroy' | 'error_line'
  /** Answer as Ollama's router (gin) does for a path it has no route for: 404, text/plain "404 page not found". */
  routeNotFound?: boolean
  /** Close the connection after reading the request, before any byte of reply. */
  dropBeforeReply?: boolean
}

function sendRouteNotFound(res: http.ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain' })
  res.end('404 page not found')
}

const MessageSchema = z
  .object({
    role: z.string(),
    content: z.string().default(''),
    tool_name: z.string().optional(),
    tool_calls: z.array(z.object({ function: z.object({ name: z.string(), arguments: z.record(z.string(), z.unknown()) }) })).optional(),
  })
  .loose()

const ChatBodySchema = z.object({
  model: z.string(),
  messages: z.array(MessageSchema).default([]),
  tools: z.array(z.unknown()).default([]),
  options: z.record(z.string(), z.unknown()).default({}),
  stream: z.boolean().default(true),
})

export type FakeChatBody = z.infer<typeof ChatBodySchema>

interface FakeRequest extends FakeChatBody {
  /** Resolves when the connection closes; `beforeReplyEnd` is true if the client left first. */
  closed: Promise<{ beforeReplyEnd: boolean }>
  /** With `countPrompt`: what the fake kept of the prompt. */
  counted?: CountedPrompt
}

export type FakeScript = (req: FakeChatBody) => FakeReply | Promise<FakeReply>

interface FakePullOptions {
  /** Progress lines for the one layer (default 5). */
  steps?: number
  /** Layer size in bytes (default 1 MiB); also the pulled model's listed size. */
  totalBytes?: number
  /** Pause before each line (default 0). */
  delayMs?: number
  /** After the first progress line, send `{"error": fail}` and end instead of finishing. */
  fail?: string
}

export interface FakeOllamaOptions {
  /** Models listed by /api/tags and accepted by /api/chat (default: ['qwen3.5'], the default model). */
  models?: string[]
  /** Sizes listed by /api/tags (default 1 byte). */
  sizes?: Record<string, number>
  /** GET /api/version answers this; unset: 404. */
  version?: string
  /** Enables POST /api/pull; unset: 404. */
  pull?: FakePullOptions
  /** /api/show `capabilities` per model (default ["completion", "tools"]); null: the field is absent. */
  capabilities?: Record<string, string[] | null>
  /** /api/show `general.architecture` (= details.family, server/create.go) per model (default 'qwen2'). */
  architectures?: Record<string, string>
  /** /api/show `<arch>.context_length` per model (default 32768). */
  contextLengths?: Record<string, number>
  /** Count and truncate prompts as Ollama does; prompt_eval_count is then the count, not the reply's usage. */
  countPrompt?: PromptCounting
}

export interface FakeOllama {
  url: string
  requests: FakeRequest[]
  /** How many GET /api/tags calls arrived. */
  tagsRequests: number
  /** Models asked for by POST /api/pull, in order. */
  pullRequests: string[]
  close(): Promise<void>
}

const sameModel = (a: string, b: string): boolean => (a.includes(':') ? a : `${a}:latest`) === (b.includes(':') ? b : `${b}:latest`)

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
  res.end(JSON.stringify(body))
}

async function streamReply(res: http.ServerResponse, model: string, reply: FakeReply, gone: () => boolean): Promise<void> {
  const sleep = (ms: number | undefined): Promise<void> => (ms ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve())
  const line = async (body: Record<string, unknown>): Promise<void> => {
    await sleep(reply.delayMs)
    if (!gone()) res.write(`${JSON.stringify({ model, created_at: new Date(0).toISOString(), ...body })}\n`)
  }
  await sleep(reply.headerDelayMs)
  if (gone()) return
  res.writeHead(200, { 'content-type': 'application/x-ndjson', ...reply.headers })
  res.flushHeaders()
  for (const thinking of reply.thinking ?? []) await line({ message: { role: 'assistant', content: '', thinking }, done: false })
  for (const text of reply.text ?? []) await line({ message: { role: 'assistant', content: text }, done: false })
  if (reply.toolCalls && reply.toolCalls.length > 0) {
    const tool_calls = reply.toolCalls.map((c) => ({ ...(c.id ? { id: c.id } : {}), function: { name: c.name, arguments: c.arguments } }))
    await line({ message: { role: 'assistant', content: '', tool_calls }, done: false })
  }
  if (gone()) return
  switch (reply.ending ?? 'done') {
    case 'stall':
      return
    case 'end':
      res.end()
      return
    case 'destroy':
      res.destroy()
      return
    case 'error_line':
      await line({ error: reply.error ?? 'an error was encountered while running the model' })
      res.end()
      return
    case 'done':
      await line({
        message: { role: 'assistant', content: '' },
        done: true,
        done_reason: reply.doneReason ?? 'stop',
        prompt_eval_count: reply.usage?.promptTokens ?? 0,
        eval_count: reply.usage?.completionTokens ?? 0,
        total_duration: 1,
      })
      res.end()
  }
}

async function streamPull(res: http.ServerResponse, pull: FakePullOptions, onSuccess: (size: number) => void): Promise<void> {
  const steps = Math.max(1, pull.steps ?? 5)
  const total = pull.totalBytes ?? 1024 * 1024
  const line = async (body: Record<string, unknown>): Promise<void> => {
    if (pull.delayMs) await new Promise((r) => setTimeout(r, pull.delayMs))
    if (!res.destroyed) res.write(`${JSON.stringify(body)}\n`)
  }
  res.writeHead(200, { 'content-type': 'application/x-ndjson' })
  res.flushHeaders()
  await line({ status: 'pulling manifest' })
  for (let i = 1; i <= steps; i++) {
    await line({ status: 'pulling fakelayer', digest: 'sha256:fake', total, completed: Math.round((total * i) / steps) })
    if (pull.fail !== undefined) {
      await line({ error: pull.fail })
      res.end()
      return
    }
  }
  for (const status of ['verifying sha256 digest', 'writing manifest']) await line({ status })
  onSuccess(total)
  await line({ status: 'success' })
  res.end()
}

export async function startFakeOllama(script: FakeScript, opts: FakeOllamaOptions = {}): Promise<FakeOllama> {
  const models = [...(opts.models ?? ['qwen3.5'])]
  const sizes: Record<string, number> = { ...opts.sizes }
  const requests: FakeRequest[] = []
  const pullRequests: string[] = []
  const state = { tagsRequests: 0 }

  const handlePull = async (req: http.IncomingMessage, res: http.ServerResponse, pull: FakePullOptions): Promise<void> => {
    const parsed = z
      .object({ model: z.string() })
      .loose()
      .safeParse(JSON.parse(await readBody(req)))
    if (!parsed.success) return sendJson(res, 400, { error: 'invalid pull request' })
    const { model } = parsed.data
    pullRequests.push(model)
    await streamPull(res, pull, (size) => {
      if (!models.some((m) => sameModel(m, model))) models.push(model)
      sizes[model] = size
    })
  }

  const byName = <T>(table: Record<string, T> | undefined, model: string): T | undefined =>
    table === undefined ? undefined : Object.entries(table).find(([name]) => sameModel(name, model))?.[1]
  const contextLengthOf = (model: string): number => byName(opts.contextLengths, model) ?? 32768

  const handleShow = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const parsed = z
      .object({ model: z.string().optional(), name: z.string().optional() })
      .loose()
      .safeParse(JSON.parse(await readBody(req)))
    if (!parsed.success) return sendJson(res, 400, { error: 'invalid show request' })
    const model = parsed.data.model || parsed.data.name || ''
    if (model === '') return sendJson(res, 400, { error: 'model is required' })
    const listed = models.find((m) => sameModel(m, model))
    if (listed === undefined) return sendJson(res, 404, { error: `model '${model}' not found` })
    const capabilities = byName(opts.capabilities, model)
    const arch = byName(opts.architectures, model) ?? 'qwen2'
    sendJson(res, 200, {
      license: '',
      modelfile: `FROM ${listed}`,
      parameters: '',
      template: '{{ .Prompt }}',
      details: {
        parent_model: '',
        format: 'gguf',
        family: arch,
        families: [arch],
        parameter_size: '7.6B',
        quantization_level: 'Q4_K_M',
      },
      model_info: { 'general.architecture': arch, [`${arch}.context_length`]: contextLengthOf(model) },
      ...(capabilities === null || capabilities?.length === 0 ? {} : { capabilities: capabilities ?? ['completion', 'tools'] }),
      modified_at: new Date(0).toISOString(),
    })
  }

  const handleChat = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    let closedBeforeEnd = false
    const closed = new Promise<{ beforeReplyEnd: boolean }>((resolve) => {
      res.on('close', () => {
        closedBeforeEnd = !res.writableFinished
        resolve({ beforeReplyEnd: closedBeforeEnd })
      })
    })
    const parsed = ChatBodySchema.safeParse(JSON.parse(await readBody(req)))
    if (!parsed.success) return sendJson(res, 400, { error: `invalid chat request: ${parsed.error.message}` })
    const record: FakeRequest = { ...parsed.data, closed }
    requests.push(record)
    const { model } = parsed.data
    if (!models.some((m) => sameModel(m, model))) {
      return sendJson(res, 404, { error: `model '${model}' not found` })
    }
    const scripted = await script(parsed.data)
    if (opts.countPrompt) record.counted = countPrompt(parsed.data, contextLengthOf(model), opts.countPrompt)
    const reply = record.counted
      ? { ...scripted, usage: { promptTokens: record.counted.tokens, completionTokens: scripted.usage?.completionTokens ?? 0 } }
      : scripted
    if (reply.routeNotFound) return sendRouteNotFound(res)
    if (reply.dropBeforeReply) return void res.socket?.destroy()
    if (reply.status !== undefined && reply.status !== 200) {
      return sendJson(res, reply.status, { error: reply.error ?? `HTTP ${reply.status}` }, reply.headers)
    }
    await streamReply(res, model, reply, () => closedBeforeEnd || res.destroyed)
  }

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    const work = async (): Promise<void> => {
      if (req.method === 'GET' && path === '/api/tags') {
        state.tagsRequests++
        const list = models.map((name) => ({
          name,
          model: name,
          modified_at: new Date(0).toISOString(),
          size: sizes[name] ?? 1,
          digest: 'fake',
          details: {},
        }))
        return sendJson(res, 200, { models: list })
      }
      if (req.method === 'GET' && path === '/api/version' && opts.version !== undefined)
        return sendJson(res, 200, { version: opts.version })
      if (req.method === 'POST' && path === '/api/pull' && opts.pull !== undefined) return handlePull(req, res, opts.pull)
      if (req.method === 'POST' && path === '/api/show') return handleShow(req, res)
      if (req.method === 'POST' && path === '/api/chat') return handleChat(req, res)
      sendRouteNotFound(res)
    }
    work().catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: err instanceof Error ? err.message : String(err) })
      else res.destroy()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    pullRequests,
    get tagsRequests() {
      return state.tagsRequests
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
}
