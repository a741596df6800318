import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { OrchestratorError, ProviderError } from '../errors'
import { listRefusals, recordRefusal, refusalOf, REFUSED_FILE } from './refused-runs'
import { testTempDir } from '../testing/test-temp-dir'

let dir = ''

describe('runs refused before they started', () => {
  it('are recorded with their reason and listed newest first; a torn line is skipped', () => {
    dir = testTempDir('uo-refused-')
    const runsDir = join(dir, 'runs')
    expect(listRefusals(runsDir)).toEqual([])
    const err = new ProviderError({ kind: 'model_not_found', retryable: false, message: 'model x is not pulled; run `ollama pull x`' })
    const first = refusalOf(err, { fileName: 'a.yaml', project: 'a', provider: 'ollama' })
    expect(first).toMatchObject({ kind: 'model_not_found', message: 'model x is not pulled; run `ollama pull x`', project: 'a' })
    if (first) recordRefusal(runsDir, first)
    appendFileSync(join(runsDir, REFUSED_FILE), '{"ts": "torn')
    appendFileSync(join(runsDir, REFUSED_FILE), '\n')
    if (first) recordRefusal(runsDir, { ...first, project: 'b' })
    expect(listRefusals(runsDir).map((r) => r.project)).toEqual(['b', 'a'])
    expect(listRefusals(runsDir, 1).map((r) => r.project)).toEqual(['b'])
  })

  it('a spec the user is still fixing is not a refusal', () => {
    const invalid = new OrchestratorError({ kind: 'spec_invalid', retryable: false, message: 'spec.yaml:3:1 unknown key' })
    expect(refusalOf(invalid, { fileName: 's.yaml', project: 'p', provider: 'auto' })).toBeNull()
  })
})
