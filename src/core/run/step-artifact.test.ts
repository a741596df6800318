import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DeferredSync } from '../fs/deferred-sync'
import { testTempDir } from '../testing/test-temp-dir'
import { writeStepArtifact } from './step-artifact'

describe('writeStepArtifact', () => {
  it('writes at once without a DeferredSync, and at its next syncAll with one', () => {
    const dir = testTempDir('uo-artifact-')
    writeStepArtifact(join(dir, 'a.md'), 'a\n')
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe('a\n')
    const sync = new DeferredSync()
    writeStepArtifact(join(dir, 'b.md'), 'b\n', sync)
    expect(existsSync(join(dir, 'b.md'))).toBe(false)
    sync.syncAll()
    expect(readFileSync(join(dir, 'b.md'), 'utf8')).toBe('b\n')
  })

  it('fails with an io error that names the file and the fix', () => {
    const dir = testTempDir('uo-artifact-')
    const sync = new DeferredSync()
    writeStepArtifact(join(dir, 'gone', 'c.md'), 'c\n', sync)
    expect(() => sync.syncAll()).toThrow(
      expect.objectContaining({
        kind: 'io',
        retryable: false,
        message: expect.stringMatching(/gone\/c\.md \(ENOENT\); check that the run folder/),
      }),
    )
  })
})
