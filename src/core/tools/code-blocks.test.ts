import { describe, expect, it } from 'vitest'
import { extractFileBlocks } from './code-blocks'

const F = '```'

describe('extractFileBlocks: where the file name can be', () => {
  it('reads the name from the info string, with or without a language', () => {
    const text = [
      'Here is the app.',
      `${F}python main.py`,
      'print("hi")',
      F,
      `${F}utils/helpers.py`,
      'def add(a, b):',
      '    return a + b',
      F,
      `${F}python title="app/server.py"`,
      'import http',
      F,
      `${F}ts filename='src/x.ts'`,
      'export {}',
      F,
      `${F}js:src/index.js`,
      'console.log(1)',
      F,
    ].join('\n')
    expect(extractFileBlocks(text)).toEqual([
      { path: 'main.py', content: 'print("hi")\n' },
      { path: 'utils/helpers.py', content: 'def add(a, b):\n    return a + b\n' },
      { path: 'app/server.py', content: 'import http\n' },
      { path: 'src/x.ts', content: 'export {}\n' },
      { path: 'src/index.js', content: 'console.log(1)\n' },
    ])
  })

  it('reads a `file:` comment on the first line and removes that line', () => {
    const text = [
      `${F}python`,
      '# file: main.py',
      'print(1)',
      F,
      `${F}typescript`,
      '// file: src/x.ts',
      'export const x = 1',
      F,
      `${F}markdown`,
      '<!-- file: README.md -->',
      '# Title',
      F,
      `${F}css`,
      '/* filename: static/site.css */',
      'body {}',
      F,
    ].join('\n')
    expect(extractFileBlocks(text)).toEqual([
      { path: 'main.py', content: 'print(1)\n' },
      { path: 'src/x.ts', content: 'export const x = 1\n' },
      { path: 'README.md', content: '# Title\n' },
      { path: 'static/site.css', content: 'body {}\n' },
    ])
  })

  it('reads a label line just before the fence', () => {
    const text = [
      'File: main.py',
      `${F}python`,
      'a = 1',
      F,
      '',
      '**requirements.txt**',
      '',
      `${F}`,
      'flask==3.0.0',
      F,
      '### `src/app.ts`',
      `${F}ts`,
      'let b = 2',
      F,
      '1. **Dockerfile**:',
      `${F}dockerfile`,
      'FROM python:3.12-slim',
      F,
      '**File:** `tests/test_main.py`',
      `${F}python`,
      'def test(): pass',
      F,
    ].join('\n')
    expect(extractFileBlocks(text).map((b) => b.path)).toEqual([
      'main.py',
      'requirements.txt',
      'src/app.ts',
      'Dockerfile',
      'tests/test_main.py',
    ])
  })

  it('keeps a bare `# name.py` first-line comment as a name hint and in the content', () => {
    expect(extractFileBlocks([`${F}python`, '# calculator.py', 'x = 1', F].join('\n'))).toEqual([
      { path: 'calculator.py', content: '# calculator.py\nx = 1\n' },
    ])
  })
})

describe('extractFileBlocks: what is ignored', () => {
  it('ignores blocks without a file name, such as shell commands and language-only tags', () => {
    const text = [
      'Install and run:',
      `${F}bash`,
      'pip install -r requirements.txt',
      'python main.py',
      F,
      'Then open the browser.',
      `${F}dockerfile`,
      'FROM node:20',
      F,
      `${F}python`,
      '#!/usr/bin/python3.11',
      'print(1)',
      F,
      `${F}ts {1,3}`,
      'const a = 1',
      F,
      'Run it with python main.py:',
      `${F}`,
      '$ python main.py',
      F,
    ].join('\n')
    expect(extractFileBlocks(text)).toEqual([])
  })

  it('drops a block cut off before its closing fence', () => {
    const text = [`${F}python a.py`, 'x = 1', F, `${F}python b.py`, 'def half(', '    retu'].join('\n')
    expect(extractFileBlocks(text)).toEqual([{ path: 'a.py', content: 'x = 1\n' }])
  })

  it('returns no blocks for plain prose', () => {
    expect(extractFileBlocks('I would create main.py with a Flask app.')).toEqual([])
    expect(extractFileBlocks('')).toEqual([])
  })
})

describe('extractFileBlocks: realistic answers', () => {
  it('keeps nested fences inside a README written as ```markdown README.md', () => {
    const readme = [
      '# Todo CLI',
      '',
      'Install:',
      '',
      `${F}bash`,
      'pip install -e .',
      F,
      '',
      'Run:',
      '',
      `${F}bash`,
      'todo add "buy milk"',
      F,
      '',
      'Inline `code` and ``double`` ticks stay.',
    ]
    const text = ['Here is the README:', '', `${F}markdown README.md`, ...readme, F, '', 'Let me know!'].join('\n')
    expect(extractFileBlocks(text)).toEqual([{ path: 'README.md', content: `${readme.join('\n')}\n` }])
  })

  it('keeps inner ``` fences inside an outer ```` fence', () => {
    const text = ['````md docs/usage.md', '# Usage', F, 'x', F, '````'].join('\n')
    expect(extractFileBlocks(text)).toEqual([{ path: 'docs/usage.md', content: `# Usage\n${F}\nx\n${F}\n` }])
  })

  it('lets a later block for the same path replace the earlier one', () => {
    const text = [
      `${F}python main.py`,
      'print("draft")',
      F,
      'Actually, here is a better version:',
      `${F}python main.py`,
      'print("final")',
      F,
      `${F}text requirements.txt`,
      'flask',
      F,
    ].join('\n')
    expect(extractFileBlocks(text)).toEqual([
      { path: 'main.py', content: 'print("final")\n' },
      { path: 'requirements.txt', content: 'flask\n' },
    ])
  })

  it('handles CRLF, tilde fences, indented fences in lists and empty files', () => {
    const text = [
      '1. Create the package marker:',
      `   ${F}python pkg/__init__.py`,
      `   ${F}`,
      '2. And the module:',
      '   ~~~python pkg/mod.py',
      '   def f():',
      '       return 1',
      '   ~~~',
    ].join('\r\n')
    expect(extractFileBlocks(text)).toEqual([
      { path: 'pkg/__init__.py', content: '' },
      { path: 'pkg/mod.py', content: 'def f():\n    return 1\n' },
    ])
  })

  it('returns unsafe names unchanged for the tool session to reject', () => {
    const text = [`${F}sh ../../evil.sh`, 'rm -rf ~', F].join('\n')
    expect(extractFileBlocks(text)).toEqual([{ path: '../../evil.sh', content: 'rm -rf ~\n' }])
  })
})
