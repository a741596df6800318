import { describe, expect, it } from 'vitest'
import { formatRoute, parseRoute } from './hash-route'

describe('hash routes', () => {
  it('round-trips every view and a linked run', () => {
    for (const hash of ['#/graph', '#/history', '#/history/job_0123456789ab', '#/outputs/job_0123456789ab', '#/settings'])
      expect(formatRoute(parseRoute(hash))).toBe(hash)
  })

  it('falls back to the graph, and drops a job id that is not one', () => {
    expect(parseRoute('')).toEqual({ view: 'graph', jobId: null })
    expect(parseRoute('#token=abc')).toEqual({ view: 'graph', jobId: null })
    expect(parseRoute('#/history/../../etc')).toEqual({ view: 'history', jobId: null })
    expect(parseRoute('#/settings/job_0123456789ab')).toEqual({ view: 'settings', jobId: null })
  })
})
