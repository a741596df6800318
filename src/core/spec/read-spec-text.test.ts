import { mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadSpecFile, parseSpecText } from './load-spec'
import { MAX_SPEC_BYTES } from './read-spec-text'
import { SpecError } from './spec-error'

const dir = mkdtempSync(join(tmpdir(), 'spec-read-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const GOOD = 'project: notes-api\ntask: Build a notes API\n'

function write(name: string, data: string | Uint8Array): string {
  const path = join(dir, name)
  writeFileSync(path, data)
  return path
}

async function loadError(path: string): Promise<SpecError> {
  try {
    await loadSpecFile(path, {})
  } catch (err) {
    if (err instanceof SpecError) return err
    throw err
  }
  throw new Error('expected a SpecError')
}

describe('reading spec files', () => {
  it('says a missing file is missing', async () => {
    const err = await loadError(join(dir, 'nope.yaml'))
    expect(err.kind).toBe('spec_unreadable')
    expect(err.retryable).toBe(false)
    expect(err.message).toContain('nope.yaml')
    expect(err.message).toMatch(/not found/)
  })

  it('rejects a folder', async () => {
    expect((await loadError(dir)).kind).toBe('spec_unreadable')
  })

  it.each([
    ['empty', ''],
    ['whitespace only', ' \n\t\n  \r\n'],
  ])('rejects a %s file as unreadable', async (_label, content) => {
    const err = await loadError(write('blank.yaml', content))
    expect(err.kind).toBe('spec_unreadable')
    expect(err.message).toMatch(/empty/)
  })

  it('rejects binary data (NUL bytes)', async () => {
    const err = await loadError(write('bin.yaml', Buffer.from([0x70, 0x3a, 0x00, 0x01, 0x02, 0x0a])))
    expect(err.kind).toBe('spec_unreadable')
    expect(err.message).toMatch(/NUL|binary/)
  })

  it('rejects invalid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('project: caf'), Buffer.from([0xc3, 0x28]), Buffer.from('\ntask: x\n')])
    const err = await loadError(write('latin.yaml', bytes))
    expect(err.kind).toBe('spec_unreadable')
    expect(err.message).toMatch(/UTF-8/)
  })

  it.each([
    ['UTF-16 LE', [0xff, 0xfe]],
    ['UTF-16 BE', [0xfe, 0xff]],
  ])('rejects %s with a BOM', async (_label, bom) => {
    const body = Buffer.from(GOOD, 'utf16le')
    if (bom[0] === 0xfe) body.swap16()
    const err = await loadError(write('u16.yaml', Buffer.concat([Buffer.from(bom), body])))
    expect(err.kind).toBe('spec_unreadable')
    expect(err.message).toMatch(/UTF-16/)
    expect(err.message).toMatch(/save it as UTF-8/)
  })

  it('checks the size with stat before reading (a sparse 3 GiB file is refused)', async () => {
    const path = join(dir, 'huge.yaml')
    writeFileSync(path, '')
    truncateSync(path, 3 * 1024 * 1024 * 1024)
    const err = await loadError(path)
    expect(err.kind).toBe('spec_unreadable')
    expect(err.message).toMatch(/1 MiB/)
    expect(err.message).toContain(String(3 * 1024 * 1024 * 1024))
  })

  it('refuses a file just over 1 MiB and text given directly over 1 MiB', async () => {
    const big = `project: x\ntask: y\n#${'a'.repeat(MAX_SPEC_BYTES)}\n`
    expect((await loadError(write('big.yaml', big))).kind).toBe('spec_unreadable')
    expect(() => parseSpecText(big, 'big.yaml', {})).toThrow(/1 MiB/)
  })

  it('accepts a UTF-8 BOM and CRLF line endings', async () => {
    const crlf = 'project: notes-api\r\ntask: |\r\n  line one\r\n  line two\r\n'
    const spec = await loadSpecFile(write('bom.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf)])), {})
    expect(spec.project).toBe('notes-api')
    expect(spec.task_description).toBe('line one\nline two')
    expect(spec.source.text.includes('\r')).toBe(false)
    expect(parseSpecText(`\ufeff${crlf}`, 'inline.yaml', {}).task_description).toBe('line one\nline two')
  })

  it('records an absolute path and the sha256 of the bytes', async () => {
    const spec = await loadSpecFile(write('good.yaml', GOOD), {})
    expect(spec.source.path).toBe(join(dir, 'good.yaml'))
    expect(spec.source.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(parseSpecText(GOOD, 'x.yaml', {}).source.sha256).toBe(spec.source.sha256)
  })

  it('creates nothing while loading, even on errors', async () => {
    const before = readdirSync(dir).sort()
    await loadError(write('bad.yaml', 'project: [\n'))
    await loadSpecFile(write('good2.yaml', GOOD), {})
    expect(readdirSync(dir).sort()).toEqual([...before, 'bad.yaml', 'good2.yaml'].sort())
  })
})
