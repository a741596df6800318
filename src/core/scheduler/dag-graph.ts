/**
 * Compiles DAG nodes into an index-based form for the executor: ids → dense indices 0..n-1, each
 * node's in-degree and group index, and its dependents in CSR layout (one flat list plus offsets),
 * read through small accessors. O(nodes + edges). Rejects duplicate ids, unknown dependencies,
 * cycles and bad limits with OrchestratorError kind 'bad_input'.
 */

import { z } from 'zod'
import { OrchestratorError } from '../errors'
import type { DagNode } from './dag-types'

/** Nodes as dense indices; the executor's read-only view of the graph. */
export class DagIndex {
  constructor(
    readonly ids: readonly string[],
    /** Concurrency limit of each group (Infinity when unlimited). */
    readonly groupLimits: readonly number[],
    private readonly groups: Int32Array,
    /** Number of `needs` entries of each node (duplicates counted, matching the dependents list). */
    private readonly inDegrees: Int32Array,
    /** Dependents of node v are `dependents[offsets[v] .. offsets[v + 1])`. */
    private readonly offsets: Int32Array,
    private readonly dependents: Int32Array,
  ) {}

  get size(): number {
    return this.ids.length
  }

  id(v: number): string {
    return this.ids[v] ?? ''
  }

  group(v: number): number {
    return this.groups[v] ?? 0
  }

  /** A fresh copy of every node's in-degree, to count down. */
  inDegreeCounters(): Int32Array {
    return this.inDegrees.slice()
  }

  /** Dependents of v are dependentAt(k) for k in [firstDependent(v), endDependent(v)). */
  firstDependent(v: number): number {
    return this.offsets[v] ?? 0
  }

  endDependent(v: number): number {
    return this.offsets[v + 1] ?? 0
  }

  dependentAt(k: number): number {
    return this.dependents[k] ?? 0
  }
}

const limitSchema = z.union([z.number().int().min(1), z.literal(Number.POSITIVE_INFINITY)])
const limitsSchema = z.object({
  groupLimits: z.record(z.string(), limitSchema),
  globalLimit: limitSchema.optional(),
})

function badInput(message: string): OrchestratorError {
  return new OrchestratorError({ kind: 'bad_input', message, retryable: false })
}

/** Returns the validated global limit (Infinity when absent). */
export function parseLimits(groupLimits: Readonly<Record<string, number>>, globalLimit: number | undefined): number {
  const parsed = limitsSchema.safeParse({ groupLimits, globalLimit })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue ? issue.path.join('.') : 'limits'
    throw badInput(`Concurrency limit '${where}' must be a whole number of at least 1; fix the spec's concurrency settings.`)
  }
  return parsed.data.globalLimit ?? Number.POSITIVE_INFINITY
}

/** Dense indices for ids and groups; a group's limit comes from `groupLimits` (unlimited when absent). */
function indexNodes(nodes: readonly DagNode[], groupLimits: Readonly<Record<string, number>>) {
  const indexOf = new Map<string, number>()
  const groupIndex = new Map<string, number>()
  const ids = new Array<string>(nodes.length)
  const limits: number[] = []
  const groups = new Int32Array(nodes.length)
  for (const node of nodes) {
    if (indexOf.has(node.id)) throw badInput(`Node id '${node.id}' appears twice; give every step a unique id.`)
    const v = indexOf.size
    indexOf.set(node.id, v)
    let g = groupIndex.get(node.group)
    if (g === undefined) {
      g = limits.length
      groupIndex.set(node.group, g)
      limits.push(Object.hasOwn(groupLimits, node.group) ? (groupLimits[node.group] ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY)
    }
    groups[v] = g
    ids[v] = node.id
  }
  return { ids, indexOf, limits, groups }
}

/**
 * Each node's dependency indices in one flat list (`needs` order, node by node), each node's
 * in-degree, and how many dependents each node has (at offsets[d + 1], ready for a prefix sum).
 */
function edgesOf(nodes: readonly DagNode[], indexOf: ReadonlyMap<string, number>) {
  const n = nodes.length
  const inDegrees = new Int32Array(n)
  let count = 0
  for (let v = 0; v < n; v++) {
    const degree = nodes[v]?.needs.length ?? 0
    inDegrees[v] = degree
    count += degree
  }
  const needs = new Int32Array(count)
  const offsets = new Int32Array(n + 1)
  let e = 0
  for (const node of nodes) {
    for (const dep of node.needs) {
      const d = indexOf.get(dep)
      if (d === undefined) throw badInput(`Node '${node.id}' needs unknown node '${dep}'; fix its 'needs' list.`)
      needs[e++] = d
      offsets[d + 1] = (offsets[d + 1] ?? 0) + 1
    }
  }
  return { needs, inDegrees, offsets }
}

/** CSR layout of the reverse edges: turns the counts into offsets and lists each node's dependents there. */
function dependentsOf(needs: Int32Array, inDegrees: Int32Array, offsets: Int32Array): Int32Array {
  const n = inDegrees.length
  for (let v = 0; v < n; v++) offsets[v + 1] = (offsets[v + 1] ?? 0) + (offsets[v] ?? 0)
  const dependents = new Int32Array(needs.length)
  const fill = offsets.slice(0, n)
  let e = 0
  for (let v = 0; v < n; v++) {
    for (let k = 0, degree = inDegrees[v] ?? 0; k < degree; k++) {
      const d = needs[e++] ?? 0
      const at = fill[d] ?? 0
      dependents[at] = v
      fill[d] = at + 1
    }
  }
  return dependents
}

export function buildDagIndex(nodes: readonly DagNode[], groupLimits: Readonly<Record<string, number>>): DagIndex {
  const { ids, indexOf, limits, groups } = indexNodes(nodes, groupLimits)
  const { needs, inDegrees, offsets } = edgesOf(nodes, indexOf)
  const dependents = dependentsOf(needs, inDegrees, offsets)
  const graph = new DagIndex(ids, limits, groups, inDegrees, offsets, dependents)
  assertAcyclic(graph)
  return graph
}

function assertAcyclic(graph: DagIndex): void {
  const n = graph.size
  const remaining = graph.inDegreeCounters()
  const order = new Int32Array(n)
  let tail = 0
  for (let v = 0; v < n; v++) if (remaining[v] === 0) order[tail++] = v
  for (let head = 0; head < tail; head++) {
    const v = order[head] ?? 0
    for (let k = graph.firstDependent(v), end = graph.endDependent(v); k < end; k++) {
      const d = graph.dependentAt(k)
      const left = (remaining[d] ?? 0) - 1
      remaining[d] = left
      if (left === 0) order[tail++] = d
    }
  }
  if (tail === n) return
  const stuck = graph.ids.filter((_, v) => (remaining[v] ?? 0) > 0).slice(0, 5)
  throw badInput(`The steps form a cycle (involving ${stuck.join(', ')}); remove one of the 'needs' links.`)
}
