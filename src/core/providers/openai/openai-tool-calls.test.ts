import { describe, expect, it } from 'vitest'
import { ToolCallAccumulator } from './openai-tool-calls'

describe('ToolCallAccumulator', () => {
  it('joins argument pieces per index, in index order, and keeps the first name', () => {
    const acc = new ToolCallAccumulator()
    acc.add({ index: 1, id: 'b', function: { name: 'second', arguments: '{"n"' } })
    acc.add({ index: 0, id: 'a', function: { name: 'first', arguments: '' } })
    acc.add({ index: 1, function: { name: 'second', arguments: ':2}' } })
    acc.add({ index: 0, function: { arguments: '{}' } })
    expect(acc.finish()).toEqual([
      { id: 'a', name: 'first', arguments: {} },
      { id: 'b', name: 'second', arguments: { n: 2 } },
    ])
  })

  it('gives a call without id one, and empty arguments as {}', () => {
    const acc = new ToolCallAccumulator()
    acc.add({ index: 0, function: { name: 'list_files' } })
    expect(acc.finish()).toEqual([{ id: 'call_1', name: 'list_files', arguments: {} }])
  })
})
