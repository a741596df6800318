import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { StepLog } from './step-log'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'uo-steplog-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('StepLog', () => {
  it('buffers until flush, then appends a readable transcript', () => {
    const path = join(dir, 'logs', 'builder.log')
    const log = new StepLog(path)
    log.section('prompt', 'Write main.py')
    log.line('tool call write_file main.py')
    expect(existsSync(path)).toBe(false)
    log.flush()
    const text = readFileSync(path, 'utf8')
    expect(text).toMatch(/^=== prompt \[\d\d:\d\d:\d\d\.\d{3}\] ===\nWrite main.py\n\ntool call write_file main.py\n$/)
  })

  it('appends across flushes and across instances (a retry keeps the earlier attempt)', () => {
    const path = join(dir, 'qa.log')
    const first = new StepLog(path)
    first.line('attempt 1')
    first.flush()
    first.flush()
    const second = new StepLog(path)
    second.section('attempt 2 failed (server)', 'HTTP 503\n')
    second.flush()
    const text = readFileSync(path, 'utf8')
    expect(text.startsWith('attempt 1\n=== attempt 2 failed (server)')).toBe(true)
    expect(text.endsWith('HTTP 503\n\n')).toBe(true)
  })

  it('reports a failed write instead of throwing', () => {
    const log = new StepLog(join(dir, 'not-a-dir.log', 'x.log'))
    const blocker = new StepLog(join(dir, 'not-a-dir.log'))
    blocker.line('I am a file')
    blocker.flush()
    log.line('lost')
    expect(() => log.flush()).not.toThrow()
    expect(log.error?.kind).toBe('io')
  })
})
