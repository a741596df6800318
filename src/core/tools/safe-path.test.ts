import { mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { resolveOutputPath } from './safe-path'
import { testTempDir } from '../testing/test-temp-dir'

let base: string
let outputs: string

beforeEach(() => {
  base = testTempDir('safe-path-')
  outputs = join(base, 'outputs')
  mkdirSync(outputs)
})

function reason(requested: string): string {
  const result = resolveOutputPath(outputs, requested)
  if (result.ok) throw new Error(`expected '${requested}' to be rejected, got ${result.rel}`)
  return result.reason
}

describe('resolveOutputPath accepts ordinary project paths', () => {
  it('resolves inside the real outputs folder with forward-slash rel', () => {
    const result = resolveOutputPath(outputs, 'src/app.py')
    expect(result).toEqual({ ok: true, abs: join(realpathSync(outputs), 'src', 'app.py'), rel: 'src/app.py' })
  })

  it('normalises ./a//b to a/b and backslashes to folders', () => {
    expect(resolveOutputPath(outputs, './a//b.txt')).toMatchObject({ ok: true, rel: 'a/b.txt' })
    expect(resolveOutputPath(outputs, 'src\\pkg\\mod.py')).toMatchObject({ ok: true, rel: 'src/pkg/mod.py' })
  })

  it('allows dotfiles and names that merely contain reserved words', () => {
    for (const ok of [
      '.gitignore',
      '.env.example',
      'console.log.txt',
      'connect.py',
      'docs/manifest.json',
      'cache/x',
      '.github/ISSUE_TEMPLATE.md',
    ]) {
      expect(resolveOutputPath(outputs, ok), ok).toMatchObject({ ok: true })
    }
  })
})

describe('resolveOutputPath rejects escapes (T1–T3)', () => {
  it.each(['../../../etc/passwd', 'a/../../x', '..', 'src/..', '..\\x'])('rejects %s with a relative-path hint', (p) => {
    expect(reason(p)).toMatch(/'\.\.' is not allowed.*e\.g\. 'src\/app\.py'/)
  })

  it('rejects the prefix trick ../outputs-evil/x and writes nothing there', () => {
    mkdirSync(join(base, 'outputs-evil'))
    expect(reason('../outputs-evil/x')).toMatch(/not allowed/)
  })

  it.each([
    ['/tmp/x', /absolute/],
    ['/etc/passwd', /absolute/],
    ['\\x', /absolute/],
    ['C:\\x', /drive letter/],
    ['C:x', /drive letter/],
    ['c:/windows/system32', /drive letter/],
    ['\\\\server\\share\\x', /UNC/],
    ['//server/x', /UNC/],
    ['~/x', /home folder/],
    ['~', /home folder/],
  ])('rejects %s', (p, pattern) => {
    expect(reason(p)).toMatch(pattern)
  })

  it('rejects empty paths', () => {
    for (const p of ['', '   ', '.', './', '//']) expect(reason(p), JSON.stringify(p)).toMatch(/empty path|UNC/)
  })
})

describe('resolveOutputPath rejects non-portable names (T5)', () => {
  it.each([
    ['a\u0000b.txt', /NUL/],
    ['a.txt:stream', /':'/],
    ['src/x:y', /':'/],
    ['CON', /reserved Windows device name \(CON\)/],
    ['con', /CON/],
    ['nul.js', /NUL/],
    ['src/com1.txt', /COM1/],
    ['LPT1', /LPT1/],
    ['aux.tar.gz', /AUX/],
    ['docs/PRN/readme.md', /PRN/],
    ['file.', /dot or space/],
    ['file ', /dot or space/],
    ['dir./x', /dot or space/],
    ['what?.txt', /not allowed/],
    ['a|b', /not allowed/],
    ['tab\there', /not allowed/],
  ])('rejects %j', (p, pattern) => {
    expect(reason(p)).toMatch(pattern)
  })

  it('caps segment and total length', () => {
    expect(reason(`${'a'.repeat(256)}.txt`)).toMatch(/255 bytes/)
    expect(reason(`${'é'.repeat(130)}.txt`)).toMatch(/255 bytes/)
    expect(reason(Array.from({ length: 120 }, () => 'abcdefghi').join('/'))).toMatch(/1024 bytes/)
    expect(resolveOutputPath(outputs, `${'a'.repeat(251)}.txt`)).toMatchObject({ ok: true })
  })
})

describe('resolveOutputPath rejects reserved and auto-run paths (T6, T8)', () => {
  it.each([
    ['manifest.json', /reserved/],
    ['MANIFEST.JSON', /reserved/],
    ['events.jsonl', /reserved/],
    ['.cache/llm/abc.json', /reserved/],
    ['.git/hooks/pre-commit', /reserved/],
    ['sub/.git/config', /reserved/],
    ['.git', /reserved/],
    ['.vscode/settings.json', /run commands/],
    ['.VSCode/tasks.json', /run commands/],
    ['.idea/workspace.xml', /run commands/],
    ['.github/workflows/ci.yml', /run automatically/],
  ])('rejects %s', (p, pattern) => {
    expect(reason(p)).toMatch(pattern)
  })
})

describe('resolveOutputPath and existing files (T4)', () => {
  it('rejects writing through a symlinked folder and leaves its target untouched', () => {
    const elsewhere = testTempDir('somewhere-')
    try {
      symlinkSync(elsewhere, join(outputs, 'link'))
      expect(reason('link/x')).toMatch(/'link' is a symbolic link/)
      expect(reason('link')).toMatch(/symbolic link/)
    } finally {
      rmSync(elsewhere, { recursive: true, force: true })
    }
  })

  it('rejects a symlink to / deeper in the path', () => {
    mkdirSync(join(outputs, 'src'))
    symlinkSync('/', join(outputs, 'src', 'root'))
    expect(reason('src/root/etc/passwd')).toMatch(/'src\/root' is a symbolic link/)
  })

  it('rejects using an existing file as a folder', () => {
    writeFileSync(join(outputs, 'main.py'), 'x')
    expect(reason('main.py/x.py')).toMatch(/'main.py' is a file, not a folder/)
  })

  it('accepts an outputs folder reached through a symlink (its realpath is the root)', () => {
    const alias = join(base, 'alias')
    symlinkSync(outputs, alias)
    const result = resolveOutputPath(alias, 'a.txt')
    expect(result).toEqual({ ok: true, abs: join(realpathSync(outputs), 'a.txt'), rel: 'a.txt' })
  })
})
