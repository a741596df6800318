/** APP_VERSION, written into every manifest, stays equal to package.json's version. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { APP_VERSION } from './version'

it('APP_VERSION matches package.json', () => {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }
  expect(APP_VERSION).toBe(pkg.version)
})
