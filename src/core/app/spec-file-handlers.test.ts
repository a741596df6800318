/**
 * The spec editor's files: save creates <runsDir>/specs/<name>, list and read return it, a save
 * under an existing name needs `overwrite`, and names that are paths are refused by the contract.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createAppFixture, TINY_SPEC, type AppFixture } from './testing/app-fixture'

let fx: AppFixture
afterEach(async () => {
  await fx.close()
})

describe('specs.*', () => {
  it('saves, lists, reads, refuses to replace without overwrite, and confines names', async () => {
    fx = createAppFixture()
    expect((await fx.invoke('specs.list', {})).specs).toEqual([])
    const saved = await fx.invoke('specs.save', { name: 'mine.yaml', text: TINY_SPEC })
    expect(saved.path).toBe(join(fx.runsDir, 'specs', 'mine.yaml'))
    expect(readFileSync(saved.path, 'utf8')).toBe(TINY_SPEC)
    const list = await fx.invoke('specs.list', {})
    expect(list.specs.map((s) => s.name)).toEqual(['mine.yaml'])
    expect(await fx.invoke('specs.read', { name: 'mine.yaml' })).toEqual({ name: 'mine.yaml', text: TINY_SPEC })
    const again = await fx.raw('specs.save', { name: 'mine.yaml', text: 'project: x\n' })
    expect(again).toMatchObject({ ok: false, error: { kind: 'bad_input', message: expect.stringContaining('already exists') } })
    await fx.invoke('specs.save', { name: 'mine.yaml', text: 'project: x\n', overwrite: true })
    expect((await fx.invoke('specs.read', { name: 'mine.yaml' })).text).toBe('project: x\n')
    for (const name of ['../evil.yaml', 'a/b.yaml', '.hidden.yaml', 'x.txt', '']) {
      expect(await fx.raw('specs.save', { name, text: 'x' })).toMatchObject({ ok: false, error: { kind: 'bad_input' } })
    }
    expect(existsSync(join(fx.runsDir, 'evil.yaml'))).toBe(false)
    expect(await fx.raw('specs.read', { name: 'missing.yaml' })).toMatchObject({ ok: false, error: { kind: 'bad_input' } })
  })
})
