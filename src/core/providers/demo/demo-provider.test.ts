import { describe, expect, it } from 'vitest'
import { ARG_SCHEMAS, FILE_TOOL_SPECS } from '../../tools/tool-specs'
import { createDemoProvider } from './demo-provider'
import { collectChunks, expectProviderError } from '../testing/collect-chunks'
import type { ChatMessage, ChatRequest, ProviderChunk, ToolCall } from '../types'

const SYSTEMS = {
  architect: 'You are the Architect of a small software team. Design the system before anyone builds it.',
  builder: "You are the Builder, a senior Python developer. Implement the architect's design.",
  docs: 'You are a technical writer. Write documentation for beginners.',
  qa: "You are the QA engineer. Review the builder's code and write tests.",
}

const request = (system: string, user = 'Project: notes-api\nTask: a notes REST API', extra: ChatMessage[] = []): ChatRequest => ({
  model: 'demo',
  messages: [{ role: 'system', content: system }, { role: 'user', content: user }, ...extra],
  tools: [FILE_TOOL_SPECS.write_file, FILE_TOOL_SPECS.read_file],
  options: {},
})

const run = (req: ChatRequest): Promise<ProviderChunk[]> =>
  collectChunks(createDemoProvider().chat(req, { signal: new AbortController().signal }))
const calls = (chunks: ProviderChunk[]): ToolCall[] => chunks.flatMap((c) => (c.type === 'tool_call' ? [c.call] : []))
const text = (chunks: ProviderChunk[]): string => chunks.map((c) => (c.type === 'text' ? c.text : '')).join('')
const pathsOf = (chunks: ProviderChunk[]): string[] => calls(chunks).map((c) => ARG_SCHEMAS.write_file.parse(c.arguments).path)

describe('demo provider: first turn writes the files of its role through write_file', () => {
  it.each([
    ['architect', ['DESIGN.md']],
    ['builder', ['main.py', 'requirements.txt']],
    ['docs', ['README.md']],
    ['qa', ['tests/test_main.py', 'QA_REPORT.md']],
  ] as const)('%s → %j', async (role, files) => {
    const chunks = await run(request(SYSTEMS[role]))
    expect(pathsOf(chunks)).toEqual(files)
    const kinds = chunks.map((c) => c.type)
    expect(kinds.indexOf('tool_call')).toBeGreaterThan(kinds.lastIndexOf('text'))
    expect(kinds.filter((k) => k === 'done')).toHaveLength(1)
    expect(chunks.at(-1)).toMatchObject({ type: 'done', stopReason: 'tool_calls' })
    expect(chunks.filter((c) => c.type === 'text').length).toBeGreaterThan(1)
    expect(text(chunks)).toContain('Offline demo')
  })

  it('writes a runnable notes app with all four endpoints and the project name', async () => {
    const main = calls(await run(request(SYSTEMS.builder)))[0]
    const content = ARG_SCHEMAS.write_file.parse(main?.arguments).content
    for (const route of ['@app.post("/notes"', '@app.get("/notes"', '@app.get("/notes/{note_id}"', '@app.delete("/notes/{note_id}"']) {
      expect(content).toContain(route)
    }
    expect(content).toContain('from sqlalchemy')
    expect(content).toContain('from pydantic import BaseModel')
    expect(content).toContain('title="notes-api"')
  })

  it('falls back to the project name "notes" and records unknown roles in NOTES.md', async () => {
    const chunks = await run(request('You summarise things.', 'Please look at the weather data'))
    expect(pathsOf(chunks)).toEqual(['NOTES.md'])
    expect(ARG_SCHEMAS.write_file.parse(calls(chunks)[0]?.arguments).content).toContain('> Please look at the weather data')
  })

  it('is byte-for-byte deterministic for the same request, usage included', async () => {
    expect(await run(request(SYSTEMS.qa))).toEqual(await run(request(SYSTEMS.qa)))
    const done = (await run(request(SYSTEMS.qa))).at(-1)
    expect(done).toMatchObject({ type: 'done' })
    if (done?.type === 'done') expect(done.usage.completionTokens).toBeGreaterThan(100)
  })

  it('answers with named code blocks when no write_file tool is offered', async () => {
    const chunks = await run({ ...request(SYSTEMS.docs), tools: [] })
    expect(calls(chunks)).toEqual([])
    expect(text(chunks)).toContain('file=README.md')
    expect(chunks.at(-1)).toMatchObject({ type: 'done', stopReason: 'stop' })
  })
})

describe('demo provider: second turn and protocol', () => {
  it('summarises what was written once tool results are in the conversation', async () => {
    const first = await run(request(SYSTEMS.builder))
    const toolCalls = calls(first)
    const followUp = request(SYSTEMS.builder, undefined, [
      { role: 'assistant', content: text(first), tool_calls: toolCalls },
      ...toolCalls.map((c): ChatMessage => ({ role: 'tool', content: 'ok', tool_call_id: c.id, tool_name: c.name })),
    ])
    const second = await run(followUp)
    expect(calls(second)).toEqual([])
    expect(text(second)).toContain('main.py, requirements.txt')
    expect(second.at(-1)).toMatchObject({ type: 'done', stopReason: 'stop' })
  })

  it('says plainly that it is an offline demo and always passes preflight', async () => {
    const provider = createDemoProvider()
    expect(provider).toMatchObject({ name: 'demo', offline: true, label: 'offline demo (canned output, no model)' })
    await expect(provider.preflight('anything', { signal: new AbortController().signal })).resolves.toBeUndefined()
  })

  it('throws aborted when the signal fires mid-stream', async () => {
    const controller = new AbortController()
    const stream = createDemoProvider().chat(request(SYSTEMS.architect), { signal: controller.signal })[Symbol.asyncIterator]()
    await stream.next()
    controller.abort()
    await expect(stream.next()).rejects.toMatchObject({ kind: 'aborted', retryable: false })
    const pre = new AbortController()
    pre.abort()
    expect((await expectProviderError(createDemoProvider().chat(request(SYSTEMS.qa), { signal: pre.signal }))).kind).toBe('aborted')
  })
})
