import { describe, expect, it } from 'vitest'
import { runDag } from './dag-executor'
import { flush, manualNodes, node } from './dag-test-harness'
import type { NodeOutcome } from './dag-types'

describe('runDag failures', () => {
  it('skips transitive dependents of a failed node once each and finishes independent branches', async () => {
    const skipped: [string, string][] = []
    const ran: string[] = []
    const result = await runDag({
      nodes: [node('A'), node('B', ['A']), node('C', ['A']), node('D', ['B', 'C']), node('E', ['D']), node('X'), node('Y', ['X'])],
      groupLimits: {},
      runNode: async (id) => {
        ran.push(id)
        return id === 'A' ? 'failed' : 'succeeded'
      },
      onSkipped: (id, failed) => skipped.push([id, failed]),
    })
    expect(Object.fromEntries(result)).toEqual({
      A: 'failed',
      B: 'skipped',
      C: 'skipped',
      D: 'skipped',
      E: 'skipped',
      X: 'succeeded',
      Y: 'succeeded',
    })
    expect(ran.sort()).toEqual(['A', 'X', 'Y'])
    expect(skipped.map(([id]) => id).sort()).toEqual(['B', 'C', 'D', 'E'])
    expect(skipped.every(([, failed]) => failed === 'A')).toBe(true)
  })

  it('skips a join whose other dependency is still running, without starting it later', async () => {
    const nodes = manualNodes()
    const skipped: string[] = []
    const done = runDag({
      nodes: [node('A'), node('B'), node('J', ['A', 'B'])],
      groupLimits: {},
      runNode: nodes.runNode,
      onSkipped: (id) => skipped.push(id),
    })
    await flush()
    await nodes.finish('A', 'failed')
    expect(skipped).toEqual(['J'])
    await nodes.finish('B')
    expect(Object.fromEntries(await done)).toEqual({ A: 'failed', B: 'succeeded', J: 'skipped' })
    expect(nodes.log).not.toContain('start:J')
  })

  it('treats a synchronous throw, a rejection and a bogus result as failed', async () => {
    const result = await runDag({
      nodes: [node('sync'), node('async'), node('bogus'), node('after', ['sync']), node('ok')],
      groupLimits: {},
      runNode: (id): Promise<NodeOutcome> | NodeOutcome => {
        if (id === 'sync') throw new Error('boom')
        if (id === 'async') return Promise.reject(new Error('boom'))
        if (id === 'bogus') return 'maybe' as NodeOutcome
        return 'succeeded'
      },
    })
    expect(Object.fromEntries(result)).toEqual({
      sync: 'failed',
      async: 'failed',
      bogus: 'failed',
      after: 'skipped',
      ok: 'succeeded',
    })
  })

  it('keeps going when onSkipped throws', async () => {
    const result = await runDag({
      nodes: [node('A'), node('B', ['A']), node('C')],
      groupLimits: {},
      runNode: (id) => (id === 'A' ? 'failed' : 'succeeded'),
      onSkipped: () => {
        throw new Error('listener bug')
      },
    })
    expect(Object.fromEntries(result)).toEqual({ A: 'failed', B: 'skipped', C: 'succeeded' })
  })
})

describe('runDag abort', () => {
  it('aborts running nodes through their signal, cancels the rest and resolves after running nodes settle', async () => {
    const controller = new AbortController()
    const cancelled: string[] = []
    const nodes = manualNodes()
    let resolved = false
    const done = runDag({
      nodes: [node('A'), node('B'), node('C', ['A']), node('D', ['C']), node('E', [], 'slow'), node('F', [], 'slow')],
      groupLimits: { slow: 1 },
      signal: controller.signal,
      runNode: nodes.runNode,
      onCancelled: (id) => cancelled.push(id),
    }).then((result) => {
      resolved = true
      return result
    })
    await flush()
    expect(nodes.running()).toEqual(['A', 'B', 'E'])
    expect(nodes.signals.get('A')?.aborted).toBe(false)

    controller.abort()
    await flush()
    expect(['A', 'B', 'E'].map((id) => nodes.signals.get(id)?.aborted)).toEqual([true, true, true])
    expect(cancelled.sort()).toEqual(['C', 'D', 'F'])
    expect(resolved).toBe(false)

    await nodes.finish('A', 'succeeded')
    await nodes.finish('B', 'cancelled')
    expect(resolved).toBe(false)
    await nodes.finish('E', 'cancelled')
    expect(Object.fromEntries(await done)).toEqual({
      A: 'succeeded',
      B: 'cancelled',
      C: 'cancelled',
      D: 'cancelled',
      E: 'cancelled',
      F: 'cancelled',
    })
    expect(nodes.log.filter((e) => e.startsWith('start:'))).toEqual(['start:A', 'start:B', 'start:E'])
  })

  it('starts nothing when the signal is already aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    const cancelled: string[] = []
    let calls = 0
    const result = await runDag({
      nodes: [node('A'), node('B', ['A'])],
      groupLimits: {},
      signal: controller.signal,
      runNode: () => {
        calls++
        return 'succeeded'
      },
      onCancelled: (id) => cancelled.push(id),
    })
    expect(calls).toBe(0)
    expect(cancelled).toEqual(['A', 'B'])
    expect(Object.fromEntries(result)).toEqual({ A: 'cancelled', B: 'cancelled' })
  })

  it('stops starting nodes when a synchronous node aborts the run', async () => {
    const controller = new AbortController()
    const started: string[] = []
    const result = await runDag({
      nodes: [node('A'), node('B', ['A']), node('C', ['B'])],
      groupLimits: {},
      signal: controller.signal,
      runNode: (id, signal) => {
        started.push(id)
        if (id === 'B') controller.abort()
        return signal.aborted ? 'cancelled' : 'succeeded'
      },
    })
    expect(started).toEqual(['A', 'B'])
    expect(Object.fromEntries(result)).toEqual({ A: 'succeeded', B: 'cancelled', C: 'cancelled' })
  })
})
