import { createHash } from 'node:crypto'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { listOutputFiles, readOutputFile, TEXT_CAP_BYTES } from './output-files'
import { testTempDir } from '../testing/test-temp-dir'

function outputs(): string {
  const dir = join(testTempDir('uo-out-'), 'outputs')
  mkdirSync(join(dir, 'src'), { recursive: true })
  return dir
}

describe('output files', () => {
  it('caps large text but hashes every byte', () => {
    const dir = outputs()
    const big = `${'é'.repeat(TEXT_CAP_BYTES)}end`
    writeFileSync(join(dir, 'big.txt'), big)
    const read = readOutputFile(dir, 'big.txt')
    expect(read.truncated).toBe(true)
    expect(read.binary).toBe(false)
    expect(Buffer.byteLength(read.content)).toBeLessThanOrEqual(TEXT_CAP_BYTES)
    expect(read.content.endsWith('\uFFFD')).toBe(false)
    expect(read.sha256).toBe(createHash('sha256').update(big).digest('hex'))
    expect(read.size_bytes).toBe(Buffer.byteLength(big))
  })

  it('reports binary files without content', () => {
    const dir = outputs()
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])
    writeFileSync(join(dir, 'logo.png'), png)
    expect(readOutputFile(dir, 'logo.png')).toMatchObject({ binary: true, content: '', media_type: 'image/png', size_bytes: png.length })
  })

  it('lists regular files sorted, skipping symlinks and temp files, and refuses to read through links', () => {
    const dir = outputs()
    writeFileSync(join(dir, 'src', 'b.py'), 'b')
    writeFileSync(join(dir, 'a.md'), 'a')
    writeFileSync(join(dir, 'a.md.tmp-0123456789ab'), 'half')
    symlinkSync('/etc', join(dir, 'etc'))
    symlinkSync('/etc/hostname', join(dir, 'host'))
    expect(listOutputFiles(dir).map((f) => f.path)).toEqual(['a.md', 'src/b.py'])
    expect(() => readOutputFile(dir, 'etc/passwd')).toThrow(/symbolic link/)
    expect(() => readOutputFile(dir, 'host')).toThrow()
    expect(() => readOutputFile(dir, 'src')).toThrow(/folder/)
    expect(() => readOutputFile(dir, 'missing.txt')).toThrow(/no such file/)
  })
})
