/**
 * Finds the package root (the folder holding package.json) by walking up from this module's
 * location, so the bundled CLI (out/cli/orchestrator.mjs) and the sources under src/ both find
 * out/renderer and examples/ however the command was started.
 */
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export function findPackageRoot(start: string = dirname(fileURLToPath(import.meta.url))): string | undefined {
  let dir = start
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}
