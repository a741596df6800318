/**
 * better-sqlite3's compiled addon, found directly. The package's default lookup (the `bindings`
 * package) captures a stack trace and probes a list of build folders at every start — about 5 ms
 * of `orchestrator list`. Under Electron the default lookup stays: it knows the addon is unpacked
 * beside the app's asar. When the addon is not where npm builds it, the default lookup runs too
 * and reports what is missing.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

export interface SqliteAddonOptions {
  nativeBinding?: string
}

let found: SqliteAddonOptions | undefined

export function sqliteAddonOptions(): SqliteAddonOptions {
  if (found !== undefined) return found
  found = {}
  if (process.versions.electron !== undefined) return found
  try {
    const pkg = createRequire(import.meta.url).resolve('better-sqlite3/package.json')
    const addon = join(dirname(pkg), 'build', 'Release', 'better_sqlite3.node')
    if (existsSync(addon)) found = { nativeBinding: addon }
  } catch {
    // Not resolvable from here: better-sqlite3's own lookup names what is missing.
  }
  return found
}
