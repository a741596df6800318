/**
 * Model-written Markdown becomes data, never markup: headings, lists, code and emphasis are
 * recognised; HTML stays text; only http(s)/mailto links survive as links.
 */
import { describe, expect, it } from 'vitest'
import { parseInline, parseMarkdown } from './markdown'

describe('parseMarkdown', () => {
  it('recognises the blocks of a design note', () => {
    const blocks = parseMarkdown(
      '# Design\n\nUse **SQLite** and `fastapi`.\n\n- one\n- two\n\n1. first\n2. second\n\n```python\nprint(1)\n```\n\n> note\n\n---',
    )
    expect(blocks.map((b) => b.kind)).toEqual(['heading', 'paragraph', 'list', 'list', 'code', 'quote', 'rule'])
    expect(blocks[1]).toEqual({
      kind: 'paragraph',
      children: [
        { kind: 'text', text: 'Use ' },
        { kind: 'strong', children: [{ kind: 'text', text: 'SQLite' }] },
        { kind: 'text', text: ' and ' },
        { kind: 'code', text: 'fastapi' },
        { kind: 'text', text: '.' },
      ],
    })
    expect(blocks[3]).toMatchObject({ kind: 'list', ordered: true })
    expect(blocks[4]).toEqual({ kind: 'code', lang: 'python', text: 'print(1)' })
  })

  it('keeps HTML as text and drops unsafe link targets', () => {
    expect(parseInline('<img src=x onerror=alert(1)>')).toEqual([{ kind: 'text', text: '<img src=x onerror=alert(1)>' }])
    expect(parseInline('[x](javascript:alert(1))')).toEqual([{ kind: 'text', text: '[x](javascript:alert(1))' }])
    expect(parseInline('[docs](https://example.org/a)')).toEqual([
      { kind: 'link', href: 'https://example.org/a', children: [{ kind: 'text', text: 'docs' }] },
    ])
    expect(parseInline('snake_case_name stays')).toEqual([{ kind: 'text', text: 'snake_case_name stays' }])
  })

  it('survives an unclosed fence and deep quotes', () => {
    expect(parseMarkdown('```\nno end')).toEqual([{ kind: 'code', lang: '', text: 'no end' }])
    expect(parseMarkdown('>'.repeat(50) + ' deep').length).toBe(1)
  })
})
