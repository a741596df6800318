/**
 * Tool calls in the event log: each `step.tool_call` carries its arguments (bounded) and is
 * followed by a `step.tool_result` with what went back to the model, for accepted and rejected
 * calls alike, so the app can show a call with its arguments and result.
 */
import { describe, expect, it } from 'vitest'
import { TOOL_TRACE_CHARS } from '../../shared/run-event'
import { runJob } from './run-job'
import { makeFixture, readEventsStrict, stepOf, type EngineFixture } from './testing/engine-fixture'
import { createScriptedProvider, hasToolResults, writeFiles } from './testing/scripted-provider'
import { argumentsText, boundText } from './tool-trace'

let fixture: EngineFixture

describe('boundText', () => {
  it('keeps short text and cuts long text at the limit without splitting a surrogate pair', () => {
    expect(boundText('abc', 10)).toEqual({ text: 'abc', truncated: false })
    expect(boundText('abcdef', 4)).toEqual({ text: 'abcd', truncated: true })
    const cut = boundText('ab😀cd', 3)
    expect(cut).toEqual({ text: 'ab', truncated: true })
    expect(argumentsText({ path: 'a.txt' })).toEqual({ text: '{"path":"a.txt"}', truncated: false })
  })
})

describe('tool calls in events.jsonl', () => {
  it('records arguments and results of accepted and rejected calls, bounded', async () => {
    fixture = makeFixture()
    const big = 'x'.repeat(TOOL_TRACE_CHARS * 2)
    const provider = createScriptedProvider((request) => {
      const step = stepOf(request)
      if (hasToolResults(request)) return { text: ['done'] }
      if (step === 'a') {
        return {
          toolCalls: [
            { id: 'bad', name: 'write_file', arguments: { path: '../escape.txt', content: 'no' } },
            { id: 'big', name: 'write_file', arguments: { path: 'a.txt', content: big } },
          ],
        }
      }
      return writeFiles({ [`${step}.txt`]: `content of ${step}\n` })
    })
    const result = await runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, providers: { scripted: provider }, env: {} })
    expect(result.status).toBe('succeeded')
    const events = readEventsStrict(result.runDir).filter((e) => 'step' in e && e.step === 'a')
    const calls = events.flatMap((e) => (e.type === 'step.tool_call' ? [e] : []))
    const results = events.flatMap((e) => (e.type === 'step.tool_result' ? [e] : []))
    expect(calls.map((c) => c.call_id)).toEqual(['bad', 'big'])
    expect(calls[0]?.arguments).toBe('{"path":"../escape.txt","content":"no"}')
    expect(calls[1]?.arguments?.length).toBe(TOOL_TRACE_CHARS)
    expect(calls[1]?.arguments_truncated).toBe(true)
    expect(results.map((r) => [r.call_id, r.ok])).toEqual([
      ['bad', false],
      ['big', true],
    ])
    expect(results[0]?.content).toMatch(/rejected|outside|\.\./i)
    const order = events.map((e) => (e.type === 'step.tool_call' || e.type === 'step.tool_result' ? `${e.type}:${e.call_id}` : null))
    const seen = order.filter((o) => o !== null)
    expect(seen).toEqual(['step.tool_call:bad', 'step.tool_result:bad', 'step.tool_call:big', 'step.tool_result:big'])
  })
})
