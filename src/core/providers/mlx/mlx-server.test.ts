import { afterEach, describe, expect, it } from 'vitest'
import { createMlxProvider, MLX_DEFAULT_MAX_TOKENS } from './mlx-provider'
import { collectChunks, expectProviderError } from '../testing/collect-chunks'
import type { ChatRequest, ProviderChunk, ToolSpec } from '../types'
import { startFakeMlx, type FakeMlxServer, type MlxReply } from './testing/fake-mlx-server'

const MODEL = 'mlx-community/Qwen3-Coder-30B-A3B-Instruct-4bit'
const WRITE_FILE: ToolSpec = {
  name: 'write_file',
  description: 'Write a file',
  parameters: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } }, required: ['path', 'content'] },
}
const signal = (): AbortSignal => new AbortController().signal
const request = (options: ChatRequest['options'] = {}, tools: ToolSpec[] = []): ChatRequest => ({
  model: MODEL,
  messages: [{ role: 'user', content: 'hi' }],
  tools,
  options,
})
const texts = (chunks: ProviderChunk[], type: 'text' | 'thinking'): string =>
  chunks.flatMap((c) => (c.type === type ? [c.text] : [])).join('')

let server: FakeMlxServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function serve(...replies: MlxReply[]): Promise<FakeMlxServer> {
  server = await startFakeMlx({ models: [MODEL], replies })
  return server
}

describe('mlx provider against a server built like mlx_lm.server', () => {
  it('keepalive comments during a long prompt restart the first-token timer instead of tripping it', async () => {
    const s = await serve({ keepalive: { total: 4096, step: 512, delay_ms: 120 }, tokens: [{ text: 'done' }] })
    const provider = createMlxProvider({ baseURL: s.url, timeouts: { firstTokenTimeoutMs: 400 } })
    const chunks = await collectChunks(provider.chat(request(), { signal: signal() }))
    expect(texts(chunks, 'text')).toBe('done')
    expect(chunks.at(-1)).toMatchObject({ type: 'done', stopReason: 'stop' })

    s.setScript({ models: [MODEL], replies: [{ header_delay_ms: 1_000, tokens: [{ text: 'late' }] }] })
    const err = await expectProviderError(provider.chat(request(), { signal: signal() }))
    expect(err).toMatchObject({ kind: 'timeout' })
    expect(err.message).toContain('first token')
  })

  it('reasoning deltas arrive as thinking, never as answer text', async () => {
    const s = await serve({
      tokens: [{ reasoning: 'The user wants ' }, { reasoning: 'a greeting.' }, { text: 'Hello' }, { text: '!' }],
      prompt_tokens: 9,
    })
    const chunks = await collectChunks(createMlxProvider({ baseURL: s.url }).chat(request(), { signal: signal() }))
    expect(texts(chunks, 'thinking')).toBe('The user wants a greeting.')
    expect(texts(chunks, 'text')).toBe('Hello!')
    expect(chunks.at(-1)).toEqual({ type: 'done', stopReason: 'stop', usage: { promptTokens: 9, completionTokens: 4 } })
  })

  it('always sends max_tokens, so the server default of 512 never cuts an answer short', async () => {
    const long = Array.from({ length: 12 }, (_, i) => ({ text: `t${i} ` }))
    const s = await serve({ tokens: long })
    s.setScript({ models: [MODEL], max_tokens: 5, replies: [{ tokens: long }] })
    const provider = createMlxProvider({ baseURL: s.url })
    const full = await collectChunks(provider.chat(request(), { signal: signal() }))
    expect(texts(full, 'text').trim().split(' ')).toHaveLength(12)
    expect(full.at(-1)).toMatchObject({ stopReason: 'stop' })
    expect(s.requests()[0]).toMatchObject({ max_tokens: MLX_DEFAULT_MAX_TOKENS, body: { stream_options: { include_usage: true } } })

    const capped = await collectChunks(provider.chat(request({ max_tokens: 3 }), { signal: signal() }))
    expect(texts(capped, 'text')).toBe('t0 t1 t2 ')
    expect(capped.at(-1)).toMatchObject({ stopReason: 'length' })
    const unlimited = await collectChunks(provider.chat(request({ num_predict: -1 }), { signal: signal() }))
    expect(unlimited.at(-1)).toMatchObject({ type: 'done' })
    expect(s.requests()[2]?.max_tokens).toBe(MLX_DEFAULT_MAX_TOKENS)
  })

  it('takes tool calls delivered whole, with index and id, beside text in the same delta', async () => {
    const s = await serve({
      tokens: [
        { text: 'Writing two files. ' },
        {
          text: 'Here:',
          tool_calls: [
            { name: 'write_file', arguments: { path: 'a.py', content: 'print("a")\n' }, id: 'call_a' },
            { name: 'write_file', arguments: { path: 'b.py', content: 'print("b")\n' } },
          ],
        },
      ],
    })
    const chunks = await collectChunks(createMlxProvider({ baseURL: s.url }).chat(request({}, [WRITE_FILE]), { signal: signal() }))
    const calls = chunks.flatMap((c) => (c.type === 'tool_call' ? [c.call] : []))
    expect(calls).toHaveLength(2)
    expect(calls[0]).toEqual({ id: 'call_a', name: 'write_file', arguments: { path: 'a.py', content: 'print("a")\n' } })
    expect(calls[1]).toMatchObject({ name: 'write_file', arguments: { path: 'b.py', content: 'print("b")\n' } })
    expect(calls[1]?.id).not.toBe(calls[0]?.id)
    expect(texts(chunks, 'text')).toBe('Writing two files. Here:')
    expect(chunks.at(-1)).toMatchObject({ type: 'done', stopReason: 'tool_calls' })
    expect(s.requests()[0]?.headers['content-length']).toMatch(/^\d+$/)
    expect(s.requests()[0]?.headers['transfer-encoding']).toBeUndefined()
  })
})
