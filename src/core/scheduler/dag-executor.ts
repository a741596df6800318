/**
 * Event-driven DAG executor. A node starts the moment its last dependency succeeds, bounded by its
 * group's limit and the global limit; ready nodes start in FIFO order of readiness. A node that
 * fails (returns 'failed'/'cancelled' or throws) skips its transitive dependents; independent
 * branches run on. On abort no node starts, never-started nodes become 'cancelled' and running
 * nodes see the abort on the run signal they were given. The promise never rejects after start
 * (invalid input rejects up front with 'bad_input') and resolves once every node has an outcome.
 * Cost: O(nodes + edges) bookkeeping over dense indices (dag-graph), no timers; a synchronous
 * `runNode` result settles inline in the pump loop (no stack growth, no extra ticks). Errors
 * thrown by `onSkipped`/`onCancelled`/`onWaiting` are swallowed so the bookkeeping stays consistent.
 */

import { buildDagIndex, parseLimits, type DagIndex } from './dag-graph'
import { DeferredQueues, GroupSlots, NONE, ReadyQueue } from './dag-queues'
import type { DagOptions, FinalOutcome, NodeOutcome } from './dag-types'

export type { DagOptions, FinalOutcome, NodeOutcome } from './dag-types'

/** A node's life: waiting for dependencies → in the ready queue → running → has its outcome. */
const enum NodeState {
  Pending = 0,
  Queued = 1,
  Running = 2,
  Done = 3,
}

type Resolve = (outcomes: Map<string, FinalOutcome>) => void

export function runDag(options: DagOptions): Promise<Map<string, FinalOutcome>> {
  let graph: DagIndex
  let globalLimit: number
  try {
    globalLimit = parseLimits(options.groupLimits, options.globalLimit)
    graph = buildDagIndex(options.nodes, options.groupLimits)
  } catch (err) {
    return Promise.reject(err)
  }
  return new Promise((resolve) => new DagRun(graph, globalLimit, options, resolve).begin())
}

/** Whatever runNode produced, as an outcome: anything unexpected is a failure. */
function normalize(outcome: unknown): NodeOutcome {
  return outcome === 'succeeded' || outcome === 'cancelled' ? outcome : 'failed'
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function'
}

/** Calls a caller's callback; the bookkeeping must not depend on it. */
function notify(callback: () => void): void {
  try {
    callback()
  } catch {
    // ignored by contract (see the header)
  }
}

class DagRun {
  private readonly state: Uint8Array
  private readonly outcomes: (FinalOutcome | undefined)[]
  /** Dependencies of each node that have not succeeded yet. */
  private readonly waitingOn: Int32Array
  private readonly ready: ReadyQueue
  private readonly slots: GroupSlots
  private readonly deferred: DeferredQueues
  private readonly controller = new AbortController()
  private readonly skipStack: number[] = []
  private running = 0
  private settled = 0
  private pumping = false
  private aborted = false
  private finished = false
  private readonly onAbort = (): void => this.abort()

  constructor(
    private readonly graph: DagIndex,
    private readonly globalLimit: number,
    private readonly options: DagOptions,
    private readonly resolve: Resolve,
  ) {
    const n = graph.size
    this.state = new Uint8Array(n)
    this.outcomes = new Array<FinalOutcome | undefined>(n)
    this.waitingOn = graph.inDegreeCounters()
    this.ready = new ReadyQueue(n)
    this.slots = new GroupSlots(graph.groupLimits)
    this.deferred = new DeferredQueues(graph.groupLimits.length)
  }

  begin(): void {
    const outer = this.options.signal
    if (outer?.aborted) return this.abort()
    outer?.addEventListener('abort', this.onAbort, { once: true })
    for (let v = 0; v < this.graph.size; v++) if (this.waitingOn[v] === 0) this.enqueue(v)
    this.pump()
  }

  private enqueue(v: number): void {
    this.state[v] = NodeState.Queued
    this.ready.push(v)
  }

  /** Starts ready nodes while slots are free; re-entrant calls (from inline completions) return at once. */
  private pump(): void {
    if (this.pumping) return
    this.pumping = true
    while (!this.aborted && this.running < this.globalLimit) {
      const next = this.nextStartable()
      if (next === NONE) break
      this.start(next)
    }
    this.pumping = false
    this.finishIfDone()
  }

  /** Deferred nodes were ready before any still queued one, so they go first when their group has room. */
  private nextStartable(): number {
    if (this.deferred.any) {
      const v = this.deferred.takeEarliest(this.slots, this.ready)
      if (v !== NONE) return v
    }
    for (let v = this.ready.shift(); v !== NONE; v = this.ready.shift()) {
      const group = this.graph.group(v)
      if (this.slots.hasRoom(group)) return v
      this.deferred.defer(group, v)
      const onWaiting = this.options.onWaiting
      if (onWaiting) notify(() => onWaiting(this.graph.id(v)))
    }
    return NONE
  }

  private start(v: number): void {
    this.state[v] = NodeState.Running
    this.running++
    this.slots.take(this.graph.group(v))
    let result: unknown
    try {
      result = this.options.runNode(this.graph.id(v), this.controller.signal)
    } catch {
      return this.complete(v, 'failed')
    }
    if (typeof result === 'string') return this.complete(v, normalize(result))
    if (!isPromiseLike(result)) return this.complete(v, 'failed')
    result.then(
      (outcome) => this.completeLater(v, outcome),
      () => this.completeLater(v, 'failed'),
    )
  }

  private completeLater(v: number, outcome: unknown): void {
    this.complete(v, normalize(outcome))
    this.pump()
  }

  private complete(v: number, outcome: NodeOutcome): void {
    this.running--
    this.slots.release(this.graph.group(v))
    this.settle(v, outcome)
    if (this.aborted) return
    if (outcome === 'succeeded') this.releaseDependents(v)
    else this.skipDependents(v)
  }

  private settle(v: number, outcome: FinalOutcome): void {
    this.state[v] = NodeState.Done
    this.outcomes[v] = outcome
    this.settled++
  }

  /** Counts v off each dependent; a dependent whose last dependency it was becomes ready. */
  private releaseDependents(v: number): void {
    const { graph, waitingOn } = this
    for (let k = graph.firstDependent(v), end = graph.endDependent(v); k < end; k++) {
      const d = graph.dependentAt(k)
      const left = (waitingOn[d] ?? 0) - 1
      waitingOn[d] = left
      if (left === 0 && this.state[d] === NodeState.Pending) this.enqueue(d)
    }
  }

  /** Marks every transitive dependent of `root` skipped (iteratively: chains may be long). */
  private skipDependents(root: number): void {
    const { graph, skipStack } = this
    const rootId = graph.id(root)
    const onSkipped = this.options.onSkipped
    skipStack.push(root)
    for (let u = skipStack.pop(); u !== undefined; u = skipStack.pop()) {
      for (let k = graph.firstDependent(u), end = graph.endDependent(u); k < end; k++) {
        const d = graph.dependentAt(k)
        if (this.state[d] !== NodeState.Pending) continue
        this.settle(d, 'skipped')
        skipStack.push(d)
        if (onSkipped) notify(() => onSkipped(graph.id(d), rootId))
      }
    }
  }

  private abort(): void {
    if (this.aborted) return
    this.aborted = true
    const onCancelled = this.options.onCancelled
    for (let v = 0; v < this.graph.size; v++) {
      const state = this.state[v]
      if (state !== NodeState.Pending && state !== NodeState.Queued) continue
      this.settle(v, 'cancelled')
      if (onCancelled) notify(() => onCancelled(this.graph.id(v)))
    }
    this.controller.abort(this.options.signal?.reason)
    if (!this.pumping) this.finishIfDone()
  }

  private finishIfDone(): void {
    if (this.finished || this.settled < this.graph.size) return
    this.finished = true
    this.options.signal?.removeEventListener('abort', this.onAbort)
    const map = new Map<string, FinalOutcome>()
    for (let v = 0; v < this.graph.size; v++) map.set(this.graph.id(v), this.outcomes[v] ?? 'cancelled')
    this.resolve(map)
  }
}
