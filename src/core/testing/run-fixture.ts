/**
 * Test-only: the set-up that engine and CLI tests share. A run fixture is a temp folder (removed
 * when the test ends, see test-temp-dir.ts) holding the spec as `spec.yaml`, with `runs` as the
 * runs folder beside it (not created: a run makes it). A fake server started through
 * `serverForTest` is closed when the test ends, after the test's own afterEach hooks. The example
 * specs are read from examples/ as users get them.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'
import { testTempDir } from './test-temp-dir'

export interface RunFixture {
  dir: string
  runsDir: string
  specPath: string
}

export function makeRunFixture(specText: string): RunFixture {
  const dir = testTempDir('uo-engine-')
  const specPath = join(dir, 'spec.yaml')
  writeFileSync(specPath, specText)
  return { dir, runsDir: join(dir, 'runs'), specPath }
}

/** Waits for a fake server to start and closes it when the current test ends. */
export async function serverForTest<T extends { close(): Promise<void> }>(starting: Promise<T>): Promise<T> {
  const server = await starting
  onTestFinished(() => server.close())
  return server
}

export const EXAMPLES_DIR = join(import.meta.dirname, '../../../examples')
export type ExampleName = 'tiny_spec' | 'notes_api'

/** The path of examples/<name>.yaml. */
export function examplePath(name: ExampleName): string {
  return join(EXAMPLES_DIR, `${name}.yaml`)
}

/** The text of examples/<name>.yaml. */
export function exampleSpec(name: ExampleName): string {
  return readFileSync(examplePath(name), 'utf8')
}
