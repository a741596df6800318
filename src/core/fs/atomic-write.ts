/**
 * Atomic file replacement: write `name.tmp-<random>` in the same folder, fsync it, rename it over
 * the target, fsync the folder. A reader (or a crash) sees the old file or the new one, never a
 * half-written one. Temp files left by a crash are swept by `sweepTempFiles`. With `deferSync` the
 * fsyncs are left to that DeferredSync (see deferred-sync.ts): the rename is still atomic, the
 * data reaches the disk when the run's next events do.
 */
import { randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs'
import { dirname, basename, join } from 'node:path'
import { faultPoint, type FaultPointName } from '../fault/fault-point'
import type { DeferredSync } from './deferred-sync'

const TEMP_MARK = '.tmp-'
/** Temp names: random per process, then a counter ('wx' still refuses a name that exists). */
const TEMP_PREFIX = randomBytes(4).toString('hex')
let tempCount = 0

export function isTempName(name: string): boolean {
  return name.includes(TEMP_MARK)
}

function fsyncDir(dir: string): void {
  let fd: number | undefined
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch {
    // Some file systems do not allow fsync on a directory; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

export interface AtomicWriteOptions {
  /** fsync file and folder (default true). Turn off only for data that is rebuilt on crash. */
  durable?: boolean
  /** Flags for the temp file; 'wx' by default so an existing temp is never reused. */
  mode?: number
  /** The fault point between the temp write and the rename (fault-corpus tests only). */
  faultPoint?: FaultPointName
  /** Leave the fsyncs of file and folder to this (the run's write-ahead sync) instead of doing them now. */
  deferSync?: DeferredSync
}

export function atomicWriteFileSync(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const deferred = options.deferSync
  const durable = (options.durable ?? true) && deferred === undefined
  const dir = dirname(target)
  const temp = join(dir, `${basename(target)}${TEMP_MARK}${TEMP_PREFIX}${(++tempCount).toString(36)}`)
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
  const fd = openSync(temp, 'wx', options.mode ?? 0o644)
  try {
    let offset = 0
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset)
    if (durable) fsyncSync(fd)
  } catch (err) {
    closeSync(fd)
    rmSync(temp, { force: true })
    throw err
  }
  closeSync(fd)
  try {
    faultPoint(options.faultPoint ?? 'file.temp_written')
    renameSync(temp, target)
  } catch (err) {
    rmSync(temp, { force: true })
    throw err
  }
  if (durable) fsyncDir(dir)
  else if (deferred && (options.durable ?? true)) deferred.stage(target)
}

/** Removes temp files left by an interrupted atomic write, recursively below `dir`. */
export function sweepTempFiles(dir: string): string[] {
  const removed: string[] = []
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return removed
  }
  for (const entry of entries) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) removed.push(...sweepTempFiles(full))
    else if (entry.isFile() && isTempName(entry.name)) {
      rmSync(full, { force: true })
      removed.push(full)
    }
  }
  return removed
}
