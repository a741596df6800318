/**
 * The same bench graphs run by @langchain/langgraph: one StateGraph node per step, one edge per
 * dependency, START/END edges for roots and leaves, no checkpointer. The only state channel is
 * a counter with a sum reducer, so the 1 000 concurrent writers of a fan-in are legal; the
 * final count proves every node ran exactly once (per-dependency edges are exact for graphs
 * whose parallel branches have equal depth, which holds for every bench shape).
 */
import { Annotation, END, START, StateGraph } from '@langchain/langgraph'
import type { BenchGraph } from './graphs'

const BenchState = Annotation.Root({
  done: Annotation<number>({ reducer: (a, b) => a + b, default: () => 0 }),
})

type BenchStateUpdate = typeof BenchState.Update

export interface LangGraphApp {
  nodeCount: number
  /** Runs the graph once; resolves with how many node executions were counted. Rejects on abort. */
  invoke(signal?: AbortSignal): Promise<number>
}

interface LooseGraph {
  addNode(name: string, action: () => BenchStateUpdate): unknown
  addEdge(from: string, to: string): unknown
  compile(): { invoke(input: BenchStateUpdate, config: { recursionLimit: number; signal?: AbortSignal }): Promise<{ done: number }> }
}

/** `onNode` runs inside every node (used to sample memory). */
export function buildLangGraph(graph: BenchGraph, onNode?: () => void): LangGraphApp {
  // LangGraph's types track node names as literals; a generated graph has only `string`.
  const builder = new StateGraph(BenchState) as unknown as LooseGraph
  const hasDependents = new Set<string>()
  for (const node of graph.nodes) for (const need of node.needs) hasDependents.add(need)
  const action = onNode
    ? (): BenchStateUpdate => {
        onNode()
        return { done: 1 }
      }
    : (): BenchStateUpdate => ({ done: 1 })
  for (const node of graph.nodes) builder.addNode(node.id, action)
  for (const node of graph.nodes) {
    if (node.needs.length === 0) builder.addEdge(START, node.id)
    for (const need of node.needs) builder.addEdge(need, node.id)
    if (!hasDependents.has(node.id)) builder.addEdge(node.id, END)
  }
  const app = builder.compile()
  const recursionLimit = graph.nodes.length + 10
  return {
    nodeCount: graph.nodes.length,
    async invoke(signal) {
      const result = await app.invoke({ done: 0 }, { recursionLimit, signal })
      return result.done
    },
  }
}
