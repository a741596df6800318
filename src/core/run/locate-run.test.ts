import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { OrchestratorError } from '../errors'
import { locateRun } from './locate-run'
import { createRunFolder } from './run-paths'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function runsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'uo-locate-'))
  dirs.push(dir)
  return dir
}

function thrown(fn: () => unknown): OrchestratorError {
  try {
    fn()
  } catch (err) {
    if (err instanceof OrchestratorError) return err
    throw err
  }
  throw new Error('expected an OrchestratorError')
}

describe('locateRun', () => {
  it('rejects a path-like id as bad input with the caller hint, before touching the file system', () => {
    const err = thrown(() => locateRun(runsDir(), '../../etc', 'see the list'))
    expect(err.kind).toBe('bad_input')
    expect(err.message).toContain("'../../etc' is not a job id")
    expect(err.message).toMatch(/; see the list$/)
  })

  it('names the runs folder when the run does not exist', () => {
    const dir = runsDir()
    const err = thrown(() => locateRun(dir, 'job_0123456789ab', 'refresh'))
    expect(err.kind).toBe('bad_input')
    expect(err.message).toBe(`no run job_0123456789ab in ${dir}; refresh`)
  })

  it('finds a run once its manifest exists', () => {
    const dir = runsDir()
    const created = createRunFolder(dir, 'job_0123456789ab')
    expect(() => locateRun(dir, 'job_0123456789ab', 'x')).toThrow(/no run/)
    writeFileSync(created.manifest, '{}')
    expect(locateRun(dir, 'job_0123456789ab', 'x')).toEqual(created)
  })
})
