/**
 * The writing end of events.jsonl: one fd opened once in append mode; each `append` is one
 * (vectored) write of whole lines followed by fsync. Opening an existing log repairs it first: a partial
 * last line left by a crash is cut off (or completed with its newline when it is a whole event),
 * and `nextSeq` continues after the highest seq already in the file, so seq stays increasing.
 */
import { closeSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync, writevSync } from 'node:fs'
import { OrchestratorError } from '../errors'
import { parseEventLines } from './event-log'
import { fsErrorCode, runFolderIoError } from './fs-error-code'
import { faultPoint } from '../fault/fault-point'

/** Fault point `events.append`: a crash there first writes half of the first line (K4). */
function tornAppendFault(fd: number, parts: readonly Uint8Array[]): void {
  faultPoint('events.append', () => {
    const first = parts[0]
    if (first) writeSync(fd, first, 0, Math.floor(first.length / 2))
  })
}

function repair(path: string): { nextSeq: number; tail: string } {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    if (fsErrorCode(err) === 'ENOENT') return { nextSeq: 0, tail: '' }
    throw runFolderIoError('read', path, err)
  }
  const cut = text.lastIndexOf('\n') + 1
  const complete = parseEventLines(text.slice(0, cut)).events
  const tailEvents = cut < text.length ? parseEventLines(text.slice(cut)).events : []
  let tail = ''
  if (cut < text.length) {
    if (tailEvents.length > 0) tail = '\n'
    else truncateSync(path, Buffer.byteLength(text.slice(0, cut)))
  }
  let maxSeq = -1
  for (const event of [...complete, ...tailEvents]) maxSeq = Math.max(maxSeq, event.seq)
  return { nextSeq: maxSeq + 1, tail }
}

export class EventAppender {
  readonly nextSeq: number
  private fd: number | undefined

  constructor(readonly path: string) {
    const { nextSeq, tail } = repair(path)
    this.nextSeq = nextSeq
    try {
      this.fd = openSync(path, 'a', 0o644)
    } catch (err) {
      throw runFolderIoError('open', path, err)
    }
    if (tail) this.append(tail)
  }

  /** Appends whole lines with one (vectored) write, then fsyncs. */
  append(data: string | readonly Uint8Array[]): void {
    if (this.fd === undefined) {
      throw new OrchestratorError({
        kind: 'internal',
        retryable: false,
        message: `event log ${this.path} is closed; record events before close()`,
      })
    }
    const parts = typeof data === 'string' ? [Buffer.from(data, 'utf8')] : data
    try {
      tornAppendFault(this.fd, parts)
      let skip = writevSync(this.fd, parts as Uint8Array[])
      for (const part of parts) {
        if (skip >= part.length) {
          skip -= part.length
          continue
        }
        let offset = skip
        skip = 0
        while (offset < part.length) offset += writeSync(this.fd, part, offset, part.length - offset)
      }
      fsyncSync(this.fd)
    } catch (err) {
      throw runFolderIoError('append to', this.path, err)
    }
  }

  close(): void {
    if (this.fd === undefined) return
    const fd = this.fd
    this.fd = undefined
    closeSync(fd)
  }
}
