import { describe, expect, it } from 'vitest'
import { languageOf, tokenize, type Language, type Token } from './highlight'

const joined = (tokens: Token[]): string => tokens.map((t) => t.text).join('')
const kindsOf = (tokens: Token[], kind: Token['kind']): string[] => tokens.filter((t) => t.kind === kind).map((t) => t.text)

describe('tokenize', () => {
  const samples: [Language, string][] = [
    ['python', 'def f(x):\n    """doc"""\n    return x + 1  # add\n'],
    ['ts', 'const a = `t ${1}` // c\n/* b */ export function g(): number { return 0x1f }'],
    ['json', '{"a": [1, 2.5e3, true, null], "b": "x\\"y"}'],
    ['markdown', '# Title\n\nUse `npm test`.\n```sh\nls\n```'],
    ['yaml', 'project: demo # name\nsteps:\n  - id: a\n    retries: 3\n    task: "quoted: yes"\n'],
    ['plain', 'anything <img src=x onerror=alert(1)>'],
  ]
  it.each(samples)('keeps every character of %s input, in order', (lang, text) => {
    expect(joined(tokenize(text, lang))).toBe(text)
  })

  it('marks python keywords, strings and comments', () => {
    const tokens = tokenize('def f():\n    return "hi"  # done', 'python')
    expect(kindsOf(tokens, 'keyword')).toEqual(['def', 'return'])
    expect(kindsOf(tokens, 'string')).toEqual(['"hi"'])
    expect(kindsOf(tokens, 'comment')).toEqual(['# done'])
  })

  it('tells JSON keys from string values', () => {
    const tokens = tokenize('{"name": "value", "n": 3}', 'json')
    expect(kindsOf(tokens, 'key')).toEqual(['"name"', '"n"'])
    expect(kindsOf(tokens, 'string')).toEqual(['"value"'])
    expect(kindsOf(tokens, 'number')).toEqual(['3'])
  })

  it('finds yaml keys, numbers and trailing comments', () => {
    const tokens = tokenize('retries: 3 # more\nname: x', 'yaml')
    expect(kindsOf(tokens, 'key')).toEqual(['retries', 'name'])
    expect(kindsOf(tokens, 'number')).toEqual(['3'])
    expect(kindsOf(tokens, 'comment')).toEqual(['# more'])
  })

  it('marks markdown headings and inline code', () => {
    const tokens = tokenize('## Setup\nRun `pytest` now', 'markdown')
    expect(kindsOf(tokens, 'heading')).toEqual(['## Setup'])
    expect(kindsOf(tokens, 'string')).toEqual(['`pytest`'])
  })

  it('survives an unterminated string without losing text', () => {
    const text = 'x = "open\ny = 2'
    expect(joined(tokenize(text, 'python'))).toBe(text)
  })
})

describe('languageOf', () => {
  it('maps file extensions', () => {
    expect(languageOf('tests/test_main.py')).toBe('python')
    expect(languageOf('src/a.tsx')).toBe('ts')
    expect(languageOf('README.md')).toBe('markdown')
    expect(languageOf('c.yml')).toBe('yaml')
    expect(languageOf('requirements.txt')).toBe('plain')
  })
})
