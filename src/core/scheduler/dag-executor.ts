/**
 * Event-driven DAG executor. A node starts the moment its last dependency succeeds, bounded by its
 * group's limit and the global limit; ready nodes start in FIFO order of readiness. A node that
 * fails (returns 'failed'/'cancelled' or throws) skips its transitive dependents; independent
 * branches run on. On abort no node starts, never-started nodes become 'cancelled' and running
 * nodes see the abort on the run signal they were given. The promise never rejects after start
 * (invalid input rejects up front with 'bad_input') and resolves once every node has an outcome.
 * Cost: O(nodes + edges) bookkeeping, typed-array counters, no timers, synchronous `runNode`
 * results settle inline in an iterative loop (no stack growth, no extra ticks). Errors thrown by
 * `onSkipped`/`onCancelled` are swallowed so the bookkeeping stays consistent.
 */

import { buildDagIndex, parseLimits, type DagIndex } from './dag-graph'
import type { DagOptions, FinalOutcome, NodeOutcome } from './dag-types'

export type { DagNode, DagOptions, FinalOutcome, NodeOutcome } from './dag-types'

const PENDING = 0
const QUEUED = 1
const RUNNING = 2
const DONE = 3

function normalize(outcome: unknown): NodeOutcome {
  return outcome === 'succeeded' || outcome === 'cancelled' ? outcome : 'failed'
}

/** Per-group queue of ready nodes that were passed over because their group was full. */
interface Deferred {
  group: number
  items: number[]
  head: number
}

export function runDag(options: DagOptions): Promise<Map<string, FinalOutcome>> {
  let graph: DagIndex
  let globalLimit: number
  try {
    globalLimit = parseLimits(options.groupLimits, options.globalLimit)
    graph = buildDagIndex(options.nodes, options.groupLimits)
  } catch (err) {
    return Promise.reject(err)
  }
  return new Promise((resolve) => execute(graph, globalLimit, options, resolve))
}

function execute(graph: DagIndex, globalLimit: number, options: DagOptions, resolve: (outcomes: Map<string, FinalOutcome>) => void): void {
  const { ids, groupOf, groupLimit, dependentsStart, dependents } = graph
  const { runNode, onSkipped, onCancelled } = options
  const n = ids.length
  const remaining = graph.inDegree.slice()
  const state = new Uint8Array(n)
  const outcomes: (FinalOutcome | undefined)[] = new Array<FinalOutcome | undefined>(n)
  const readyQueue = new Int32Array(n)
  const readyPos = new Int32Array(n)
  const groupRunning = new Int32Array(groupLimit.length)
  const deferredByGroup: (Deferred | undefined)[] = new Array<Deferred | undefined>(groupLimit.length)
  const deferredActive: Deferred[] = []
  const skipStack: number[] = []
  let head = 0
  let tail = 0
  let running = 0
  let settled = 0
  let pumping = false
  let aborted = false
  let finished = false

  const controller = new AbortController()
  const runSignal = controller.signal
  const outer = options.signal

  const enqueue = (v: number): void => {
    state[v] = QUEUED
    readyPos[v] = tail
    readyQueue[tail++] = v
  }

  const defer = (g: number, v: number): void => {
    let d = deferredByGroup[g]
    if (d === undefined) {
      d = { group: g, items: [], head: 0 }
      deferredByGroup[g] = d
    }
    if (d.head === d.items.length) {
      d.items.length = 0
      d.head = 0
      deferredActive.push(d)
    }
    d.items.push(v)
  }

  /** Earliest-ready deferred node whose group has a free slot, or -1. Deferred nodes were ready before any queued one. */
  const takeDeferred = (): number => {
    let best: Deferred | undefined
    let bestPos = Number.POSITIVE_INFINITY
    let bestAt = -1
    for (let i = 0; i < deferredActive.length; i++) {
      const d = deferredActive[i] as Deferred
      if ((groupRunning[d.group] as number) >= (groupLimit[d.group] as number)) continue
      const pos = readyPos[d.items[d.head] as number] as number
      if (pos < bestPos) {
        best = d
        bestPos = pos
        bestAt = i
      }
    }
    if (best === undefined) return -1
    const v = best.items[best.head++] as number
    if (best.head === best.items.length) {
      deferredActive[bestAt] = deferredActive[deferredActive.length - 1] as Deferred
      deferredActive.pop()
    }
    return v
  }

  const skipDependents = (root: number): void => {
    const rootId = ids[root] as string
    skipStack.push(root)
    while (skipStack.length > 0) {
      const u = skipStack.pop() as number
      for (let k = dependentsStart[u] as number, end = dependentsStart[u + 1] as number; k < end; k++) {
        const d = dependents[k] as number
        if (state[d] !== PENDING) continue
        state[d] = DONE
        outcomes[d] = 'skipped'
        settled++
        skipStack.push(d)
        if (onSkipped) {
          try {
            onSkipped(ids[d] as string, rootId)
          } catch {
            // caller's callback; bookkeeping must not depend on it
          }
        }
      }
    }
  }

  const complete = (v: number, outcome: NodeOutcome): void => {
    running--
    ;(groupRunning[groupOf[v] as number] as number)--
    state[v] = DONE
    outcomes[v] = outcome
    settled++
    if (aborted) return
    if (outcome !== 'succeeded') {
      skipDependents(v)
      return
    }
    for (let k = dependentsStart[v] as number, end = dependentsStart[v + 1] as number; k < end; k++) {
      const d = dependents[k] as number
      if (--(remaining[d] as number) === 0 && state[d] === PENDING) enqueue(d)
    }
  }

  const onAsyncOutcome = (v: number, outcome: unknown): void => {
    complete(v, normalize(outcome))
    pump()
  }

  const start = (v: number): void => {
    state[v] = RUNNING
    running++
    ;(groupRunning[groupOf[v] as number] as number)++
    let result: Promise<NodeOutcome> | NodeOutcome
    try {
      result = runNode(ids[v] as string, runSignal)
    } catch {
      complete(v, 'failed')
      return
    }
    if (typeof result === 'string') {
      complete(v, normalize(result))
    } else if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
      result.then(
        (outcome) => onAsyncOutcome(v, outcome),
        () => onAsyncOutcome(v, 'failed'),
      )
    } else {
      complete(v, 'failed')
    }
  }

  const pump = (): void => {
    if (pumping) return
    pumping = true
    while (!aborted && running < globalLimit) {
      let next = deferredActive.length > 0 ? takeDeferred() : -1
      while (next < 0 && head < tail) {
        const v = readyQueue[head++] as number
        const g = groupOf[v] as number
        if ((groupRunning[g] as number) < (groupLimit[g] as number)) next = v
        else defer(g, v)
      }
      if (next < 0) break
      start(next)
    }
    pumping = false
    finishIfDone()
  }

  const finishIfDone = (): void => {
    if (finished || settled < n) return
    finished = true
    outer?.removeEventListener('abort', onAbort)
    const map = new Map<string, FinalOutcome>()
    for (let i = 0; i < n; i++) map.set(ids[i] as string, outcomes[i] as FinalOutcome)
    resolve(map)
  }

  function onAbort(): void {
    if (aborted) return
    aborted = true
    for (let v = 0; v < n; v++) {
      const s = state[v]
      if (s !== PENDING && s !== QUEUED) continue
      state[v] = DONE
      outcomes[v] = 'cancelled'
      settled++
      if (onCancelled) {
        try {
          onCancelled(ids[v] as string)
        } catch {
          // caller's callback; bookkeeping must not depend on it
        }
      }
    }
    controller.abort(outer?.reason)
    if (!pumping) finishIfDone()
  }

  if (outer?.aborted) {
    onAbort()
    return
  }
  outer?.addEventListener('abort', onAbort, { once: true })
  for (let v = 0; v < n; v++) if (remaining[v] === 0) enqueue(v)
  pump()
}
