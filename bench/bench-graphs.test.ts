import { describe, expect, it } from 'vitest'
import { chainGraph, criticalPathLength, diamondGraph, fanGraph, type BenchGraph } from './graphs'
import { runKahn } from './kahn-floor'

async function kahnOrder(graph: BenchGraph, mode: 'sync' | 'async'): Promise<string[]> {
  const order: string[] = []
  const ran = await runKahn(
    graph.nodes,
    mode === 'sync'
      ? (id) => void order.push(id)
      : async (id) => {
          await Promise.resolve()
          order.push(id)
        },
  )
  expect(ran).toBe(graph.nodes.length)
  return order
}

function expectTopological(graph: BenchGraph, order: readonly string[]): void {
  expect([...order].sort()).toEqual(graph.nodes.map((n) => n.id).sort())
  const position = new Map(order.map((id, i) => [id, i]))
  for (const node of graph.nodes) {
    for (const need of node.needs) expect(position.get(need)!).toBeLessThan(position.get(node.id)!)
  }
}

describe('bench graphs', () => {
  it('builds a chain where each step needs the previous one', () => {
    const graph = chainGraph(4)
    expect(graph.nodes.map((n) => [n.id, n.needs])).toEqual([
      ['s0', []],
      ['s1', ['s0']],
      ['s2', ['s1']],
      ['s3', ['s2']],
    ])
    expect(criticalPathLength(graph)).toBe(4)
  })

  it('builds a fan-out whose sink needs every middle node', () => {
    const graph = fanGraph(3)
    expect(graph.nodes.map((n) => n.id)).toEqual(['root', 'm0', 'm1', 'm2', 'sink'])
    expect(graph.nodes.at(-1)!.needs).toEqual(['m0', 'm1', 'm2'])
    expect(graph.nodes.slice(1, -1).every((n) => n.needs.length === 1 && n.needs[0] === 'root')).toBe(true)
    expect(criticalPathLength(graph)).toBe(3)
  })

  it('builds the diamond A → (B, C) → D', () => {
    const graph = diamondGraph()
    expect(Object.fromEntries(graph.nodes.map((n) => [n.id, n.needs]))).toEqual({ A: [], B: ['A'], C: ['A'], D: ['B', 'C'] })
    expect(criticalPathLength(graph)).toBe(3)
  })

  it('rejects sizes that are not positive integers', () => {
    expect(() => chainGraph(0)).toThrow(RangeError)
    expect(() => fanGraph(1.5)).toThrow(RangeError)
  })
})

describe('Kahn floor', () => {
  it.each(['sync', 'async'] as const)('runs a chain in order (%s runNode)', async (mode) => {
    expect(await kahnOrder(chainGraph(5), mode)).toEqual(['s0', 's1', 's2', 's3', 's4'])
  })

  it.each(['sync', 'async'] as const)('runs the fan-out root first, sink last, every node once (%s runNode)', async (mode) => {
    const graph = fanGraph(50)
    const order = await kahnOrder(graph, mode)
    expect(order[0]).toBe('root')
    expect(order.at(-1)).toBe('sink')
    expectTopological(graph, order)
  })

  it('runs the diamond with D after both B and C', async () => {
    const order = await kahnOrder(diamondGraph(), 'async')
    expect(order[0]).toBe('A')
    expect(order.at(-1)).toBe('D')
    expectTopological(diamondGraph(), order)
  })

  it('runs a 10 000-step chain without exhausting the stack', async () => {
    const order = await kahnOrder(chainGraph(10_000), 'sync')
    expect(order).toHaveLength(10_000)
    expect(order.at(-1)).toBe('s9999')
  })
})
