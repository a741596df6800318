import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RunEvent } from '../../shared/run-event'
import { defaultLevel, readEvents } from './event-log'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'uo-events-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function event(seq: number): RunEvent {
  return { seq, ts: '2026-01-01T00:00:00.000Z', job_id: 'job_0123456789ab', level: 'debug', type: 'step.token', step: 'a', text: `t${seq}` }
}

describe('defaultLevel', () => {
  it('gives tokens debug, trouble warn, failures error and the rest info', () => {
    expect(defaultLevel('step.token')).toBe('debug')
    expect(defaultLevel('step.retry')).toBe('warn')
    expect(defaultLevel('step.tool_rejected')).toBe('warn')
    expect(defaultLevel('job.notice')).toBe('warn')
    expect(defaultLevel('step.failed')).toBe('error')
    expect(defaultLevel('job.failed')).toBe('error')
    expect(defaultLevel('step.started')).toBe('info')
    expect(defaultLevel('file.written')).toBe('info')
  })
})

describe('readEvents', () => {
  it('reads every line of a clean log', () => {
    const path = join(dir, 'events.jsonl')
    writeFileSync(path, [0, 1, 2].map((s) => `${JSON.stringify(event(s))}\n`).join(''))
    const result = readEvents(path)
    expect(result.events.map((e) => e.seq)).toEqual([0, 1, 2])
    expect(result.tornLastLine).toBe(false)
    expect(result.invalidLines).toBe(0)
  })

  it('drops a torn last line (half a line written before a crash) and reports it', () => {
    const path = join(dir, 'events.jsonl')
    const full = JSON.stringify(event(2))
    writeFileSync(path, `${JSON.stringify(event(0))}\n${JSON.stringify(event(1))}\n${full.slice(0, full.length / 2)}`)
    const result = readEvents(path)
    expect(result.events.map((e) => e.seq)).toEqual([0, 1])
    expect(result.tornLastLine).toBe(true)
    expect(result.invalidLines).toBe(0)
  })

  it('counts and skips lines that are not RunEvents instead of throwing', () => {
    const path = join(dir, 'events.jsonl')
    writeFileSync(path, `${JSON.stringify(event(0))}\nnot json\n{"type":"step.unknown"}\n\n`)
    appendFileSync(path, `${JSON.stringify(event(1))}\n`)
    const result = readEvents(path)
    expect(result.events.map((e) => e.seq)).toEqual([0, 1])
    expect(result.invalidLines).toBe(2)
    expect(result.tornLastLine).toBe(false)
  })

  it('reads a missing log as empty', () => {
    expect(readEvents(join(dir, 'nope.jsonl'))).toEqual({ events: [], tornLastLine: false, invalidLines: 0 })
  })
})
