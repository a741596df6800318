/**
 * The test build of the CLI: src/cli/main.ts bundled like the real one (node_modules external)
 * but with `__UO_TEST_BUILD__ = true`, so fault points (src/core/fault) honour CRASH_AT and
 * FAIL_AT. Bundled inside the repo (out/test-cli/) so its imports resolve from node_modules.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'

export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..')

export interface CliBundle {
  path: string
  remove(): void
}

export async function buildTestCli(name: string): Promise<CliBundle> {
  const path = join(REPO_ROOT, 'out', 'test-cli', `${name}-${process.pid}.mjs`)
  await build({
    entryPoints: [join(REPO_ROOT, 'src/cli/main.ts')],
    outfile: path,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
    define: { __UO_TEST_BUILD__: 'true' },
  })
  return { path, remove: () => rmSync(path, { force: true }) }
}
