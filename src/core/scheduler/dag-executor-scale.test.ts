import { describe, expect, it } from 'vitest'
import { runDag } from './dag-executor'
import { node } from './dag-test-harness'
import type { DagNode, NodeOutcome } from './dag-types'

const N = 10_000

function chain(n: number): DagNode[] {
  return Array.from({ length: n }, (_, i) => node(`n${i}`, i === 0 ? [] : [`n${i - 1}`]))
}

function fanOutIn(width: number): DagNode[] {
  const middle = Array.from({ length: width }, (_, i) => node(`m${i}`, ['root']))
  return [
    node('root'),
    ...middle,
    node(
      'sink',
      middle.map((m) => m.id),
    ),
  ]
}

describe('runDag at scale', () => {
  it.each([
    ['synchronous', (): NodeOutcome => 'succeeded'],
    ['async', async (): Promise<NodeOutcome> => 'succeeded'],
  ] as const)('runs a %s chain of 10,000 nodes in order', async (_label, outcome) => {
    const order: string[] = []
    const result = await runDag({
      nodes: chain(N),
      groupLimits: { g: 2 },
      runNode: (id) => {
        order.push(id)
        return outcome()
      },
    })
    expect(result.size).toBe(N)
    expect([...result.values()].every((o) => o === 'succeeded')).toBe(true)
    expect(order).toEqual(chain(N).map((n) => n.id))
  })

  it.each([
    ['synchronous', (): NodeOutcome => 'succeeded'],
    ['async', async (): Promise<NodeOutcome> => 'succeeded'],
  ] as const)('runs a %s fan-out 1 → 10,000 → 1 with the sink last', async (_label, outcome) => {
    const order: string[] = []
    const result = await runDag({
      nodes: fanOutIn(N),
      groupLimits: {},
      runNode: (id) => {
        order.push(id)
        return outcome()
      },
    })
    expect(result.size).toBe(N + 2)
    expect([...result.values()].every((o) => o === 'succeeded')).toBe(true)
    expect(order[0]).toBe('root')
    expect(order[order.length - 1]).toBe('sink')
    expect(order).toHaveLength(N + 2)
  })

  it('skips the rest of a 10,000-node chain after an early failure without deep recursion', async () => {
    let skips = 0
    const result = await runDag({
      nodes: chain(N),
      groupLimits: {},
      runNode: (id) => (id === 'n1' ? 'failed' : 'succeeded'),
      onSkipped: () => skips++,
    })
    expect(result.get('n0')).toBe('succeeded')
    expect(result.get('n1')).toBe('failed')
    expect(result.get(`n${N - 1}`)).toBe('skipped')
    expect(skips).toBe(N - 2)
  })
})
