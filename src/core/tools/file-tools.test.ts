import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { FILE_TOOL_SPECS, createToolSession } from './file-tools'
import type { ToolName, ToolResult, ToolSession } from './types'
import { testTempDir } from '../testing/test-temp-dir'

let base: string
let outputs: string

beforeEach(() => {
  base = testTempDir('file-tools-')
  outputs = join(base, 'outputs')
  mkdirSync(outputs)
})

const ALL: ToolName[] = ['write_file', 'read_file', 'list_files']

function session(allowed: ToolName[] = ALL, limits?: { maxFileBytes: number; maxStepBytes: number; maxStepFiles: number }): ToolSession {
  return createToolSession({ outputsDir: outputs, allowed, limits })
}

function allFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? allFiles(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  )
}

function expectRejected(result: ToolResult, pattern: RegExp): void {
  expect(result.ok).toBe(false)
  expect(result.content).toMatch(/^rejected: /)
  expect(result.content).toMatch(pattern)
  if (!result.ok) expect(result.rejected?.reason).toMatch(pattern)
}

describe('write_file', () => {
  it('writes the file and reports a deterministic result with hash, size and media type', async () => {
    const s = session()
    const content = 'print("hello")\n'
    const result = await s.execute('write_file', { path: 'src/main.py', content })
    const sha256 = createHash('sha256').update(content).digest('hex')
    expect(result).toEqual({
      ok: true,
      content: 'wrote src/main.py (15 bytes)',
      written: { path: 'src/main.py', sha256, size_bytes: 15, media_type: 'text/x-python' },
    })
    expect(readFileSync(join(outputs, 'src', 'main.py'), 'utf8')).toBe(content)
    expect(result.content).not.toContain(base)
  })

  it('accepts arguments as a JSON string', async () => {
    const result = await session().execute('write_file', JSON.stringify({ path: 'README.md', content: '# Hi\n' }))
    expect(result.ok).toBe(true)
    expect(readFileSync(join(outputs, 'README.md'), 'utf8')).toBe('# Hi\n')
  })

  it('never recreates a deleted outputs folder: a typed io error naming the fix (D3)', async () => {
    const s = session()
    await s.execute('write_file', { path: 'a.py', content: 'a' })
    rmSync(outputs, { recursive: true })
    await expect(s.execute('write_file', { path: 'b.py', content: 'b' })).rejects.toMatchObject({
      kind: 'io',
      message: expect.stringMatching(/no longer exists.*nothing was recreated/),
    })
    expect(existsSync(outputs)).toBe(false)
  })

  it('overwrites a path written twice and lists it once, in first-write order', async () => {
    const s = session()
    await s.execute('write_file', { path: 'a.py', content: 'v1' })
    await s.execute('write_file', { path: 'b.py', content: 'b' })
    const second = await s.execute('write_file', { path: 'a.py', content: 'version 2' })
    expect(second.content).toBe('wrote a.py (9 bytes, replaced the previous version)')
    expect(s.written().map((f) => [f.path, f.size_bytes])).toEqual([
      ['a.py', 9],
      ['b.py', 1],
    ])
    expect(readFileSync(join(outputs, 'a.py'), 'utf8')).toBe('version 2')
  })

  it('treats A.ts then a.ts as one file, writes to the existing name and says so (T7)', async () => {
    const s = session()
    await s.execute('write_file', { path: 'src/App.ts', content: 'one' })
    const result = await s.execute('write_file', { path: 'SRC/app.ts', content: 'two' })
    expect(result.ok).toBe(true)
    expect(result.content).toMatch(
      /^wrote src\/App\.ts \(3 bytes, replaced the previous version\); note: 'SRC\/app\.ts' names the same file/,
    )
    expect(allFiles(outputs)).toEqual(['src/App.ts'])
    expect(readFileSync(join(outputs, 'src', 'App.ts'), 'utf8')).toBe('two')
    expect(s.written().map((f) => f.path)).toEqual(['src/App.ts'])
  })

  it('treats NFC and NFD spellings of a name as one file (T7)', async () => {
    const s = session()
    const nfc = 'caf\u00e9.md'
    const nfd = 'cafe\u0301.md'
    await s.execute('write_file', { path: nfc, content: 'nfc' })
    const result = await s.execute('write_file', { path: nfd, content: 'nfd' })
    expect(result.content).toMatch(/names the same file/)
    expect(readdirSync(outputs)).toEqual([nfc])
    expect(s.written()).toHaveLength(1)
  })

  it('matches a file written by an earlier step in another case', async () => {
    writeFileSync(join(outputs, 'README.md'), 'old')
    const result = await session().execute('write_file', { path: 'readme.md', content: 'new' })
    expect(result.ok && result.written?.path).toBe('README.md')
    expect(readdirSync(outputs)).toEqual(['README.md'])
  })

  it('rejects a write through an existing symlink and writes nothing outside (T4)', async () => {
    const somewhere = testTempDir('somewhere-')
    try {
      symlinkSync(somewhere, join(outputs, 'link'))
      const result = await session().execute('write_file', { path: 'link/x', content: 'pwned' })
      expectRejected(result, /symbolic link/)
      if (!result.ok) expect(result.rejected?.path).toBe('link/x')
      expect(readdirSync(somewhere)).toEqual([])
    } finally {
      rmSync(somewhere, { recursive: true, force: true })
    }
  })

  it('rejects a case-variant of a symlinked folder too', async () => {
    const somewhere = testTempDir('somewhere-')
    try {
      symlinkSync(somewhere, join(outputs, 'Link'))
      expectRejected(await session().execute('write_file', { path: 'link/x', content: 'x' }), /symbolic link/)
      expect(readdirSync(somewhere)).toEqual([])
    } finally {
      rmSync(somewhere, { recursive: true, force: true })
    }
  })

  it.each([
    ['../../../etc/passwd', /'\.\.' is not allowed/],
    ['/tmp/x', /absolute/],
    ['C:\\x', /drive letter/],
    ['\\\\server\\share\\x', /UNC/],
    ['~/x', /home folder/],
    ['../outputs-evil/x', /'\.\.'/],
    ['a.txt:stream', /':'/],
    ['nul.js', /NUL/],
    ['manifest.json', /reserved/],
    ['.cache/x', /reserved/],
    ['.vscode/settings.json', /run commands/],
    ['.git/hooks/post-checkout', /reserved/],
  ])('rejects %s as a tool result, never throwing, and writes nothing', async (p, pattern) => {
    const result = await session().execute('write_file', { path: p, content: 'x' })
    expectRejected(result, pattern)
    expect(allFiles(base)).toEqual([])
  })

  it('rejects writing over a folder', async () => {
    mkdirSync(join(outputs, 'src'))
    expectRejected(await session().execute('write_file', { path: 'src', content: 'x' }), /is a folder/)
  })
})

describe('arguments and tool names (T9)', () => {
  it.each([
    ['{"path": "main.py", "content": "print(1', /not valid JSON/],
    [{ path: 'main.py' }, /content: .*expected string/],
    [{ path: 42, content: 'x' }, /path: .*expected string/],
    [{ content: 'x' }, /path/],
    [['main.py', 'x'], /must be a JSON object, got an array/],
    [null, /path/],
    [7, /must be a JSON object, got a number/],
  ])('rejects %j with the expected arguments and writes nothing', async (args, pattern) => {
    const result = await session().execute('write_file', args)
    expectRejected(result, pattern)
    expect(result.content).toContain(
      'expected arguments: {"path": "<relative path, e.g. src/app.py>", "content": "<complete file content>"}',
    )
    expect(allFiles(outputs)).toEqual([])
  })

  it('rejects unknown tools and tools not allowed in the step', async () => {
    const s = session(['read_file', 'list_files'])
    expectRejected(await s.execute('run_shell', { cmd: 'rm -rf /' }), /unknown tool 'run_shell'; available tools: read_file, list_files/)
    expectRejected(await s.execute('write_file', { path: 'a.py', content: 'x' }), /'write_file' is not available in this step/)
    expect(allFiles(outputs)).toEqual([])
  })

  it('offers only the allowed tools, in a fixed order', () => {
    expect(session(['list_files', 'write_file']).specs.map((t) => t.name)).toEqual(['write_file', 'list_files'])
    expect(FILE_TOOL_SPECS.write_file.parameters.required).toEqual(['path', 'content'])
    expect(FILE_TOOL_SPECS.list_files.parameters.required).toEqual([])
  })
})

describe('quotas (T10)', () => {
  const limits = { maxFileBytes: 10, maxStepBytes: 25, maxStepFiles: 3 }

  it('rejects a single file over maxFileBytes and keeps going', async () => {
    const s = session(ALL, limits)
    expectRejected(await s.execute('write_file', { path: 'big.txt', content: 'x'.repeat(11) }), /11 bytes, over the limit of 10/)
    expect(existsSync(join(outputs, 'big.txt'))).toBe(false)
    expect((await s.execute('write_file', { path: 'ok.txt', content: 'x'.repeat(10) })).ok).toBe(true)
  })

  it('stops at maxStepFiles but still allows overwriting, keeping earlier files', async () => {
    const s = session(ALL, limits)
    for (const name of ['a', 'b', 'c']) expect((await s.execute('write_file', { path: name, content: '1' })).ok).toBe(true)
    expectRejected(await s.execute('write_file', { path: 'd', content: '1' }), /quota exceeded: .*at most 3 files/)
    expect((await s.execute('write_file', { path: 'a', content: '2' })).ok).toBe(true)
    expect(allFiles(outputs).sort()).toEqual(['a', 'b', 'c'])
    expect(s.written().map((f) => f.path)).toEqual(['a', 'b', 'c'])
  })

  it('stops at maxStepBytes, counting every byte written in the session', async () => {
    const s = session(ALL, limits)
    expect((await s.execute('write_file', { path: 'a', content: 'x'.repeat(10) })).ok).toBe(true)
    expect((await s.execute('write_file', { path: 'a', content: 'y'.repeat(10) })).ok).toBe(true)
    expectRejected(await s.execute('write_file', { path: 'b', content: 'z'.repeat(6) }), /quota exceeded: .*25 bytes/)
    expect(readFileSync(join(outputs, 'a'), 'utf8')).toBe('y'.repeat(10))
    expect(existsSync(join(outputs, 'b'))).toBe(false)
  })

  it('counts quotas per session', async () => {
    for (const name of ['a', 'b', 'c']) await session(ALL, limits).execute('write_file', { path: name, content: '1' })
    expect((await session(ALL, limits).execute('write_file', { path: 'd', content: '1' })).ok).toBe(true)
  })
})

describe('read_file', () => {
  it('returns the content of a written file', async () => {
    const s = session()
    await s.execute('write_file', { path: 'src/x.ts', content: 'export const x = 1\n' })
    expect(await s.execute('read_file', { path: './src//x.ts' })).toEqual({ ok: true, content: 'export const x = 1\n' })
  })

  it('says clearly when a file is missing, without a rejection record', async () => {
    const result = await session().execute('read_file', { path: 'nope.py' })
    expect(result).toEqual({ ok: false, content: "error: 'nope.py' does not exist; call list_files to see the project's files" })
  })

  it('applies the same path checks as writes', async () => {
    expectRejected(await session().execute('read_file', { path: '../../etc/passwd' }), /'\.\.'/)
    symlinkSync('/etc', join(outputs, 'etc'))
    expectRejected(await session().execute('read_file', { path: 'etc/hostname' }), /symbolic link/)
  })

  it('caps large files at 256 KiB with a truncation note on a character boundary', async () => {
    const big = 'a'.repeat(256 * 1024 - 1) + 'é'.repeat(10)
    writeFileSync(join(outputs, 'big.txt'), big)
    const result = await session().execute('read_file', { path: 'big.txt' })
    expect(result.ok).toBe(true)
    const [text, note] = result.content.split('\n[truncated: ')
    expect(text).toBe('a'.repeat(256 * 1024 - 1))
    expect(note).toBe(`showing the first 262144 of ${Buffer.byteLength(big)} bytes]`)
  })

  it('does not dump binary files', async () => {
    writeFileSync(join(outputs, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]))
    expect((await session().execute('read_file', { path: 'logo.png' })).content).toBe(
      "'logo.png' is a binary file (7 bytes); its content is not shown",
    )
  })
})

describe('list_files', () => {
  it('lists every file, sorted, with sizes, skipping temp files and symlinks', async () => {
    const s = session()
    await s.execute('write_file', { path: 'src/b.py', content: 'bb' })
    await s.execute('write_file', { path: 'README.md', content: 'r' })
    await s.execute('write_file', { path: 'src/a.py', content: 'a' })
    writeFileSync(join(outputs, 'src', 'a.py.tmp-0123abcd'), 'partial')
    symlinkSync('/etc', join(outputs, 'etc'))
    expect((await s.execute('list_files', {})).content).toBe('3 files:\nREADME.md (1 bytes)\nsrc/a.py (1 bytes)\nsrc/b.py (2 bytes)')
    expect((await s.execute('list_files', undefined)).ok).toBe(true)
    expect((await s.execute('list_files', '')).ok).toBe(true)
  })

  it('lists one folder with paths still relative to the project root', async () => {
    const s = session()
    await s.execute('write_file', { path: 'src/a.py', content: 'a' })
    await s.execute('write_file', { path: 'tests/t.py', content: 't' })
    expect((await s.execute('list_files', { dir: 'src' })).content).toBe("1 file under 'src':\nsrc/a.py (1 bytes)")
  })

  it('says so when there are no files', async () => {
    expect(await session().execute('list_files', {})).toEqual({ ok: true, content: 'no files yet' })
  })
})
