/**
 * Benchmark graph shapes: a chain, a fan-out 1 → W → 1 and the diamond A → (B, C) → D.
 * Every graph is valid (no cycles, every dependency exists, nodes listed in a topological
 * order) and uses one group, so the same node list feeds the engine, LangGraph and the floor.
 */

export interface BenchNode {
  id: string
  needs: readonly string[]
  group: string
}

export interface BenchGraph {
  name: string
  nodes: readonly BenchNode[]
}

export const BENCH_GROUP = 'bench'

export function chainGraph(length: number): BenchGraph {
  if (!Number.isInteger(length) || length < 1) throw new RangeError(`chain length must be a positive integer, got ${length}`)
  const nodes: BenchNode[] = []
  for (let i = 0; i < length; i++) {
    nodes.push({ id: `s${i}`, needs: i === 0 ? [] : [`s${i - 1}`], group: BENCH_GROUP })
  }
  return { name: `chain ${length}`, nodes }
}

/** root → m0 … m(width−1) → sink: width + 2 nodes. */
export function fanGraph(width: number): BenchGraph {
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`fan width must be a positive integer, got ${width}`)
  const nodes: BenchNode[] = [{ id: 'root', needs: [], group: BENCH_GROUP }]
  const middle: string[] = []
  for (let i = 0; i < width; i++) {
    const id = `m${i}`
    middle.push(id)
    nodes.push({ id, needs: ['root'], group: BENCH_GROUP })
  }
  nodes.push({ id: 'sink', needs: middle, group: BENCH_GROUP })
  return { name: `fan 1→${width}→1`, nodes }
}

export function diamondGraph(): BenchGraph {
  return {
    name: 'diamond',
    nodes: [
      { id: 'A', needs: [], group: BENCH_GROUP },
      { id: 'B', needs: ['A'], group: BENCH_GROUP },
      { id: 'C', needs: ['A'], group: BENCH_GROUP },
      { id: 'D', needs: ['B', 'C'], group: BENCH_GROUP },
    ],
  }
}

/** Length of the longest dependency path, in nodes (the critical path of unit-cost steps). */
export function criticalPathLength(graph: BenchGraph): number {
  const depth = new Map<string, number>()
  let longest = 0
  for (const node of graph.nodes) {
    let d = 1
    for (const need of node.needs) d = Math.max(d, (depth.get(need) ?? 0) + 1)
    depth.set(node.id, d)
    longest = Math.max(longest, d)
  }
  return longest
}
