import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OrchestratorError } from '../errors'
import { isJobId, newJobId } from './job-id'
import { createRunFolder, runPaths } from './run-paths'

let runsDir: string
beforeEach(() => {
  runsDir = mkdtempSync(join(tmpdir(), 'uo-paths-'))
})
afterEach(() => rmSync(runsDir, { recursive: true, force: true }))

describe('job ids', () => {
  it('are job_ + 12 lowercase hex and differ from call to call', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newJobId()))
    expect(ids.size).toBe(200)
    for (const id of ids) expect(id).toMatch(/^job_[0-9a-f]{12}$/)
  })

  it('rejects anything that is not exactly a job id', () => {
    expect(isJobId('job_0123456789ab')).toBe(true)
    for (const bad of ['job_0123456789AB', 'job_0123456789a', 'job_0123456789abc', '../../x', 'job_0123456789ab/..', '']) {
      expect(isJobId(bad)).toBe(false)
    }
  })
})

describe('run folder', () => {
  it('lays out the folder under runsDir with .cache for the cache', () => {
    const paths = runPaths(runsDir, 'job_0123456789ab')
    expect(paths.root).toBe(join(runsDir, 'job_0123456789ab'))
    expect(paths.manifest).toBe(join(paths.root, 'manifest.json'))
    expect(paths.events).toBe(join(paths.root, 'events.jsonl'))
    expect(paths.cache).toBe(join(paths.root, '.cache'))
  })

  it('refuses a job id that could leave runsDir', () => {
    expect(() => runPaths(runsDir, '../../etc')).toThrow(OrchestratorError)
  })

  it('creates every folder and refuses to reuse an existing run folder', () => {
    const id = newJobId()
    const paths = createRunFolder(join(runsDir, 'nested', 'runs'), id)
    for (const dir of [paths.root, paths.inputs, paths.outputs, paths.logs, paths.artifacts, paths.cache]) {
      expect(statSync(dir).isDirectory()).toBe(true)
    }
    expect(existsSync(paths.manifest)).toBe(false)
    try {
      createRunFolder(join(runsDir, 'nested', 'runs'), id)
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(OrchestratorError)
      expect((err as OrchestratorError).kind).toBe('io')
      expect((err as OrchestratorError).message).toContain('already exists')
    }
  })
})
