import type * as NodeFs from 'node:fs'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { OrchestratorError } from '../errors'
import { createToolSession } from './file-tools'

const failRename = vi.hoisted(() => ({ code: undefined as string | undefined }))

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof NodeFs>()
  return {
    ...actual,
    renameSync: (from: string, to: string) => {
      if (failRename.code !== undefined) {
        throw Object.assign(new Error(`${failRename.code}: simulated`), { code: failRename.code })
      }
      actual.renameSync(from, to)
    },
  }
})

let base: string
let outputs: string

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'file-tools-atomic-'))
  outputs = join(base, 'outputs')
  mkdirSync(outputs)
  failRename.code = undefined
})

afterEach(() => {
  failRename.code = undefined
  rmSync(base, { recursive: true, force: true })
})

describe('write_file atomicity (K2, D1)', () => {
  it('keeps the previous version and leaves no temp file when the final rename fails', async () => {
    const s = createToolSession({ outputsDir: outputs, allowed: ['write_file'] })
    await s.execute('write_file', { path: 'src/main.py', content: 'old\n' })

    failRename.code = 'ENOSPC'
    const error = await s.execute('write_file', { path: 'src/main.py', content: 'new\n' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OrchestratorError)
    expect(error).toMatchObject({ kind: 'io', retryable: false })
    expect((error as OrchestratorError).message).toMatch(/disk full while writing 'src\/main.py'.*free some disk space/)
    expect((error as OrchestratorError).message).not.toContain(base)

    expect(readFileSync(join(outputs, 'src', 'main.py'), 'utf8')).toBe('old\n')
    expect(readdirSync(join(outputs, 'src'))).toEqual(['main.py'])
    expect(s.written()).toHaveLength(1)
    expect(s.written()[0]?.size_bytes).toBe(4)
  })

  it('leaves no file at all when a first write fails', async () => {
    const s = createToolSession({ outputsDir: outputs, allowed: ['write_file'] })
    failRename.code = 'EACCES'
    await expect(s.execute('write_file', { path: 'a.txt', content: 'x' })).rejects.toMatchObject({ kind: 'io' })
    expect(readdirSync(outputs)).toEqual([])
    expect(s.written()).toEqual([])
  })
})
