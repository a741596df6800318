/** Flushes of a running job rewrite only the rows that changed, and stay correct when rows vanish. */
import { describe, expect, it } from 'vitest'
import { RowMemo } from './row-memo'
import { makeManifest, makeStep } from './test-fixtures'

describe('RowMemo', () => {
  it('returns the started rows first, then only the changed ones while the job runs', () => {
    const memo = new RowMemo()
    const steps = { a: makeStep({ status: 'running' }), b: makeStep({ status: 'pending' }) }
    const first = memo.diff(makeManifest({ status: 'running', steps }))
    expect(first.fresh).toBe(true)
    expect(first.steps.map((s) => s.id)).toEqual(['a'])
    const second = memo.diff(makeManifest({ status: 'running', steps: { ...steps, a: makeStep({ status: 'succeeded' }) } }))
    expect(second.fresh).toBe(false)
    expect(second.steps.map((s) => s.id)).toEqual(['a'])
    expect(second.files).toEqual([])
    const final = memo.diff(
      makeManifest({ status: 'failed', steps: { a: makeStep({ status: 'succeeded' }), b: makeStep({ status: 'pending' }) } }),
    )
    expect(final.steps.map((s) => s.id)).toEqual(['b'])
  })

  it('rewrites from scratch when a step disappears, and forgets finished jobs', () => {
    const memo = new RowMemo()
    memo.diff(makeManifest({ status: 'running', steps: { a: makeStep(), b: makeStep() } }))
    const rebuilt = memo.diff(makeManifest({ status: 'running', steps: { a: makeStep() } }))
    expect(rebuilt.fresh).toBe(true)
    memo.diff(makeManifest({ status: 'succeeded', steps: { a: makeStep() } }))
    expect(memo.diff(makeManifest({ status: 'succeeded', steps: { a: makeStep() } })).fresh).toBe(true)
  })
})
