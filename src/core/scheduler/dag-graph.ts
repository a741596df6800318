/**
 * Compiles DAG nodes into an index-based adjacency form for the executor: ids → dense indices,
 * per-node in-degree counters, dependents in CSR layout (offsets + flat list) and group indices.
 * O(nodes + edges). Rejects duplicate ids, unknown dependencies, cycles and bad limits with
 * OrchestratorError kind 'bad_input'.
 */

import { z } from 'zod'
import { OrchestratorError } from '../errors'
import type { DagNode } from './dag-types'

export interface DagIndex {
  ids: string[]
  /** Group index of each node. */
  groupOf: Int32Array
  /** Concurrency limit of each group (Infinity when unlimited). */
  groupLimit: number[]
  groupNames: string[]
  /** Number of `needs` entries of each node (duplicates counted, matching the dependents list). */
  inDegree: Int32Array
  /** Dependents of node v are `dependents[dependentsStart[v] .. dependentsStart[v + 1])`. */
  dependentsStart: Int32Array
  dependents: Int32Array
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

export function buildDagIndex(nodes: readonly DagNode[], groupLimits: Readonly<Record<string, number>>): DagIndex {
  const n = nodes.length
  const ids: string[] = new Array<string>(n)
  const indexOf = new Map<string, number>()
  const groupIndex = new Map<string, number>()
  const groupNames: string[] = []
  const groupLimit: number[] = []
  const groupOf = new Int32Array(n)
  const inDegree = new Int32Array(n)
  const dependentsStart = new Int32Array(n + 1)

  for (let i = 0; i < n; i++) {
    const node = nodes[i] as DagNode
    if (indexOf.has(node.id)) throw badInput(`Node id '${node.id}' appears twice; give every step a unique id.`)
    indexOf.set(node.id, i)
    ids[i] = node.id
    let g = groupIndex.get(node.group)
    if (g === undefined) {
      g = groupNames.length
      groupIndex.set(node.group, g)
      groupNames.push(node.group)
      groupLimit.push(Object.hasOwn(groupLimits, node.group) ? (groupLimits[node.group] as number) : Number.POSITIVE_INFINITY)
    }
    groupOf[i] = g
  }

  let edges = 0
  for (let i = 0; i < n; i++) {
    const count = (nodes[i] as DagNode).needs.length
    inDegree[i] = count
    edges += count
  }
  const needsFlat = new Int32Array(edges)
  let e = 0
  for (let i = 0; i < n; i++) {
    for (const dep of (nodes[i] as DagNode).needs) {
      const d = indexOf.get(dep)
      if (d === undefined) throw badInput(`Node '${ids[i]}' needs unknown node '${dep}'; fix its 'needs' list.`)
      needsFlat[e++] = d
      ;(dependentsStart[d + 1] as number)++
    }
  }
  for (let i = 0; i < n; i++) dependentsStart[i + 1] = (dependentsStart[i + 1] as number) + (dependentsStart[i] as number)

  const dependents = new Int32Array(edges)
  const fill = dependentsStart.slice(0, n)
  e = 0
  for (let i = 0; i < n; i++) {
    for (let k = 0, count = inDegree[i] as number; k < count; k++) {
      const d = needsFlat[e++] as number
      dependents[(fill[d] as number)++] = i
    }
  }

  assertAcyclic(ids, inDegree, dependentsStart, dependents)
  return { ids, groupOf, groupLimit, groupNames, inDegree, dependentsStart, dependents }
}

function assertAcyclic(ids: string[], inDegree: Int32Array, start: Int32Array, dependents: Int32Array): void {
  const n = ids.length
  const remaining = inDegree.slice()
  const queue = new Int32Array(n)
  let tail = 0
  for (let i = 0; i < n; i++) if (remaining[i] === 0) queue[tail++] = i
  for (let head = 0; head < tail; head++) {
    const v = queue[head] as number
    for (let k = start[v] as number, end = start[v + 1] as number; k < end; k++) {
      const d = dependents[k] as number
      if (--(remaining[d] as number) === 0) queue[tail++] = d
    }
  }
  if (tail === n) return
  const stuck: string[] = []
  for (let i = 0; i < n && stuck.length < 5; i++) if ((remaining[i] as number) > 0) stuck.push(ids[i] as string)
  throw badInput(`The steps form a cycle (involving ${stuck.join(', ')}); remove one of the 'needs' links.`)
}
