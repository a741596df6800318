import { describe, expect, it } from 'vitest'
import { runDag } from './dag-executor'
import { flush, manualNodes, node, timedNodes } from './dag-test-harness'
import type { NodeOutcome } from './dag-types'

describe('runDag ordering', () => {
  it('runs the diamond A → (B, C) → D with B and C overlapping and D after both', async () => {
    const log: string[] = []
    const result = await runDag({
      nodes: [node('A'), node('B', ['A']), node('C', ['A']), node('D', ['B', 'C'])],
      groupLimits: {},
      runNode: async (id): Promise<NodeOutcome> => {
        log.push(`start:${id}`)
        await new Promise((resolve) => setTimeout(resolve, 10))
        log.push(`end:${id}`)
        return 'succeeded'
      },
    })
    const at = (event: string): number => log.indexOf(event)
    expect(at('start:B')).toBeLessThan(at('end:C'))
    expect(at('start:C')).toBeLessThan(at('end:B'))
    expect(at('start:B')).toBeGreaterThan(at('end:A'))
    expect(at('start:D')).toBeGreaterThan(Math.max(at('end:B'), at('end:C')))
    expect(Object.fromEntries(result)).toEqual({ A: 'succeeded', B: 'succeeded', C: 'succeeded', D: 'succeeded' })
  })

  it('starts a node on its last dependency, not on a lock-step level', async () => {
    const nodes = manualNodes()
    const done = runDag({
      nodes: [node('A'), node('B'), node('C', ['A', 'B']), node('D', ['A'])],
      groupLimits: {},
      runNode: nodes.runNode,
    })
    await flush()
    expect(nodes.running()).toEqual(['A', 'B'])
    await nodes.finish('A')
    expect(nodes.running()).toEqual(['B', 'D'])
    await nodes.finish('D')
    expect(nodes.running()).toEqual(['B'])
    await nodes.finish('B')
    expect(nodes.running()).toEqual(['C'])
    await nodes.finish('C')
    expect(Object.fromEntries(await done)).toEqual({ A: 'succeeded', B: 'succeeded', C: 'succeeded', D: 'succeeded' })
  })

  it('returns every node in the order given, and resolves an empty DAG', async () => {
    const result = await runDag({ nodes: [node('z'), node('a', ['z'])], groupLimits: {}, runNode: () => 'succeeded' })
    expect([...result.keys()]).toEqual(['z', 'a'])
    expect((await runDag({ nodes: [], groupLimits: {}, runNode: () => 'succeeded' })).size).toBe(0)
  })
})

describe('runDag concurrency limits', () => {
  const six = (group: string) => ['1', '2', '3', '4', '5', '6'].map((i) => node(`${group}${i}`, [], group))

  it('never runs more nodes of a group than its limit', async () => {
    const timed = timedNodes(5)
    const result = await runDag({ nodes: six('ollama'), groupLimits: { ollama: 2 }, runNode: timed.runNode })
    expect(timed.peak()).toBe(2)
    expect([...result.values()].every((o) => o === 'succeeded')).toBe(true)
  })

  it('respects the global limit across groups', async () => {
    const timed = timedNodes(5)
    await runDag({
      nodes: [...six('a'), ...six('b'), ...six('c')],
      groupLimits: { a: 3, b: 10 },
      globalLimit: 2,
      runNode: timed.runNode,
    })
    expect(timed.peak()).toBe(2)
    expect(timed.order).toHaveLength(18)
  })

  it('runs a group without a limit all at once', async () => {
    const timed = timedNodes(5)
    await runDag({ nodes: six('openai'), groupLimits: { ollama: 1 }, runNode: timed.runNode })
    expect(timed.peak()).toBe(6)
  })

  it('starts ready nodes in the order given when a group is saturated', async () => {
    const timed = timedNodes(1)
    await runDag({ nodes: six('m'), groupLimits: { m: 1 }, runNode: timed.runNode })
    expect(timed.order).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6'])
  })

  it('lets another group use free global slots while one group is full', async () => {
    const nodes = manualNodes()
    const done = runDag({
      nodes: [node('a1', [], 'a'), node('a2', [], 'a'), node('a3', [], 'a'), node('b1', [], 'b'), node('b2', [], 'b')],
      groupLimits: { a: 1 },
      globalLimit: 2,
      runNode: nodes.runNode,
    })
    await flush()
    expect(nodes.running()).toEqual(['a1', 'b1'])
    await nodes.finish('b1')
    expect(nodes.running()).toEqual(['a1', 'b2'])
    await nodes.finish('a1')
    expect(nodes.running()).toEqual(['a2', 'b2'])
    await nodes.finish('b2')
    expect(nodes.running()).toEqual(['a2'])
    await nodes.finish('a2')
    await nodes.finish('a3')
    expect((await done).size).toBe(5)
  })

  it('keeps readiness order when a node was passed over for its full group', async () => {
    const nodes = manualNodes()
    const done = runDag({
      nodes: [node('x1', [], 'x'), node('y1', [], 'y'), node('x2', [], 'x'), node('y2', [], 'y'), node('z1', [], 'z')],
      groupLimits: { x: 1, y: 1 },
      globalLimit: 2,
      runNode: nodes.runNode,
    })
    await flush()
    expect(nodes.running()).toEqual(['x1', 'y1'])
    await nodes.finish('y1')
    expect(nodes.running()).toEqual(['x1', 'y2'])
    await nodes.finish('x1')
    expect(nodes.running()).toEqual(['x2', 'y2'])
    await nodes.finish('x2')
    expect(nodes.running()).toEqual(['y2', 'z1'])
    await nodes.finish('y2')
    await nodes.finish('z1')
    expect((await done).size).toBe(5)
  })

  it('rejects bad limits and malformed graphs before running anything', async () => {
    let calls = 0
    const runNode = (): NodeOutcome => {
      calls++
      return 'succeeded'
    }
    const cases = [
      runDag({ nodes: [node('a')], groupLimits: { g: 0 }, runNode }),
      runDag({ nodes: [node('a')], groupLimits: {}, globalLimit: 1.5, runNode }),
      runDag({ nodes: [node('a'), node('a')], groupLimits: {}, runNode }),
      runDag({ nodes: [node('a', ['ghost'])], groupLimits: {}, runNode }),
      runDag({ nodes: [node('a', ['c']), node('b', ['a']), node('c', ['b']), node('d')], groupLimits: {}, runNode }),
    ]
    for (const pending of cases) await expect(pending).rejects.toMatchObject({ kind: 'bad_input', retryable: false })
    expect(calls).toBe(0)
  })
})

describe('runDag waiting for a group slot', () => {
  it('reports a ready node held back by its full group once, when it starts waiting, and runs it after', async () => {
    const nodes = manualNodes()
    const waiting: string[] = []
    const done = runDag({
      nodes: [node('s1'), node('s2', ['s1'], 'ollama'), node('s3', ['s1'], 'ollama'), node('s4', ['s1'], 'ollama')],
      groupLimits: { ollama: 1 },
      runNode: nodes.runNode,
      onWaiting: (id) => waiting.push(`${id}@${nodes.running().join(',')}`),
    })
    await flush()
    expect(waiting).toEqual([])
    await nodes.finish('s1')
    expect(nodes.running()).toEqual(['s2'])
    expect(waiting).toEqual(['s3@s2', 's4@s2'])
    await nodes.finish('s2')
    await nodes.finish('s3')
    await nodes.finish('s4')
    expect(waiting).toHaveLength(2)
    expect(nodes.log.filter((e) => e.startsWith('start:'))).toEqual(['start:s1', 'start:s2', 'start:s3', 'start:s4'])
    expect(Object.fromEntries(await done)).toEqual({ s1: 'succeeded', s2: 'succeeded', s3: 'succeeded', s4: 'succeeded' })
  })

  it('does not report nodes held back by the global limit or by an unlimited group', async () => {
    const waiting: string[] = []
    const timed = timedNodes(2)
    await runDag({
      nodes: [node('a', [], 'x'), node('b', [], 'x'), node('c', [], 'y'), node('d', [], 'y')],
      groupLimits: { x: 2 },
      globalLimit: 1,
      runNode: timed.runNode,
      onWaiting: (id) => waiting.push(id),
    })
    expect(timed.peak()).toBe(1)
    expect(waiting).toEqual([])
  })
})
