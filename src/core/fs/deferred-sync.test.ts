import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { testTempDir } from '../testing/test-temp-dir'
import { atomicWriteFileSync } from './atomic-write'
import { DeferredSync } from './deferred-sync'

describe('DeferredSync with atomicWriteFileSync', () => {
  it('puts the file in place at once, stages it, and syncs it (and skips one removed since) on syncAll', () => {
    const dir = testTempDir('uo-deferred-')
    const sync = new DeferredSync()
    atomicWriteFileSync(join(dir, 'a.txt'), 'a\n', { deferSync: sync })
    atomicWriteFileSync(join(dir, 'b.txt'), 'b\n', { deferSync: sync })
    atomicWriteFileSync(join(dir, 'c.txt'), 'c\n')
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('a\n')
    expect(sync.pending).toBe(2)
    rmSync(join(dir, 'b.txt'))
    sync.syncAll()
    expect(sync.pending).toBe(0)
  })

  it('leaves a write with durable: false unstaged', () => {
    const dir = testTempDir('uo-deferred-')
    const sync = new DeferredSync()
    atomicWriteFileSync(join(dir, 'cache.json'), '{}', { deferSync: sync, durable: false })
    expect(sync.pending).toBe(0)
  })

  it('runs writes queued with later in order at syncAll, before its fsyncs, and keeps one that failed for the next', () => {
    const dir = testTempDir('uo-deferred-')
    const sync = new DeferredSync()
    const target = join(dir, 'artifacts', 'step.md')
    sync.later(() => atomicWriteFileSync(target, 'first\n', { deferSync: sync }))
    sync.later(() => atomicWriteFileSync(target, 'second\n', { deferSync: sync }))
    expect(existsSync(target)).toBe(false)
    expect(sync.pending).toBe(2)
    expect(() => sync.syncAll()).toThrow(/ENOENT/)
    expect(sync.pending).toBe(2)
    mkdirSync(join(dir, 'artifacts'))
    sync.syncAll()
    expect(readFileSync(target, 'utf8')).toBe('second\n')
    expect(sync.pending).toBe(0)
  })
})
