/**
 * Test-only: a fresh folder under the OS temp dir that is removed when the current test ends
 * (or, made outside a test, when the test process exits), so the suite leaves nothing in /tmp.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'

const leftOver: string[] = []
process.once('exit', () => {
  for (const dir of leftOver) rmSync(dir, { recursive: true, force: true })
})

export function testTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  try {
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  } catch {
    leftOver.push(dir)
  }
  return dir
}
