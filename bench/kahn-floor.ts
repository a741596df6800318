/**
 * The floor the engine is compared with: a minimal Kahn executor (in-degree counters, a ready
 * queue walked by an index pointer, one `await` per node, no concurrency limits, no failure or
 * abort handling). Runs nodes one at a time in ready order; returns how many nodes ran.
 * Assumes a valid graph (no cycles, every dependency exists).
 */
import type { BenchNode } from './graphs'

export type KahnRunNode = (id: string) => unknown

export async function runKahn(nodes: readonly BenchNode[], runNode: KahnRunNode): Promise<number> {
  const count = nodes.length
  const index = new Map<string, number>()
  for (let i = 0; i < count; i++) index.set(nodes[i]!.id, i)
  const inDegree = new Int32Array(count)
  const dependents: number[][] = Array.from({ length: count }, () => [])
  for (let i = 0; i < count; i++) {
    const needs = nodes[i]!.needs
    inDegree[i] = needs.length
    for (const need of needs) dependents[index.get(need)!]!.push(i)
  }
  const ready: number[] = []
  for (let i = 0; i < count; i++) if (inDegree[i] === 0) ready.push(i)
  let head = 0
  while (head < ready.length) {
    const current = ready[head++]!
    await runNode(nodes[current]!.id)
    for (const next of dependents[current]!) {
      if (--inDegree[next]! === 0) ready.push(next)
    }
  }
  return head
}
