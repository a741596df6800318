/**
 * Folder boundaries: src/core and src/cli never import electron (the CLI, tests and browser mode
 * run them as plain Node); src/renderer never imports node:* modules. Also keeps APP_VERSION
 * equal to package.json's version.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { APP_VERSION } from './version'

const root = join(import.meta.dirname, '..', '..')

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx)$/.test(f))
    .map((f) => join(root, dir, f))
}

function offenders(dir: string, pattern: RegExp): string[] {
  return sourceFiles(dir).filter((f) => pattern.test(readFileSync(f, 'utf8')))
}

describe('folder boundaries', () => {
  const electronImport = /from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\)|import\(\s*['"]electron['"]\s*\)/

  it('core and cli never import electron', () => {
    expect(offenders('src/core', electronImport)).toEqual([])
    expect(offenders('src/cli', electronImport)).toEqual([])
  })

  it('renderer never imports node built-ins', () => {
    expect(offenders('src/renderer', /from\s+['"]node:|require\(\s*['"]node:/)).toEqual([])
  })

  it('APP_VERSION matches package.json', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
    expect(APP_VERSION).toBe(pkg.version)
  })
})
