/**
 * Test-only helpers for the DAG executor: hand-driven nodes (each resolves when the test says so)
 * and DAG builders. Imported only by *.test.ts files.
 */

import type { DagNode, NodeOutcome } from './dag-types'

export function node(id: string, needs: readonly string[] = [], group = 'g'): DagNode {
  return { id, needs, group }
}

/** Lets every pending microtask and I/O callback run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/** runNode whose nodes stay running until `finish(id)`; records 'start:X' / 'end:X' in order. */
export function manualNodes(): {
  runNode: (id: string, signal: AbortSignal) => Promise<NodeOutcome>
  finish: (id: string, outcome?: NodeOutcome) => Promise<void>
  running: () => string[]
  log: string[]
  signals: Map<string, AbortSignal>
} {
  const log: string[] = []
  const pending = new Map<string, (outcome: NodeOutcome) => void>()
  const signals = new Map<string, AbortSignal>()
  const runNode = (id: string, signal: AbortSignal): Promise<NodeOutcome> => {
    log.push(`start:${id}`)
    signals.set(id, signal)
    return new Promise((resolve) => {
      pending.set(id, (outcome) => {
        pending.delete(id)
        log.push(`end:${id}`)
        resolve(outcome)
      })
    })
  }
  const finish = async (id: string, outcome: NodeOutcome = 'succeeded'): Promise<void> => {
    const done = pending.get(id)
    if (!done) throw new Error(`node ${id} is not running (running: ${[...pending.keys()].join(', ')})`)
    done(outcome)
    await flush()
  }
  return { runNode, finish, running: () => [...pending.keys()].sort(), log, signals }
}

/** runNode that resolves after `delayMs` of real time, tracking the peak number of nodes running at once. */
export function timedNodes(delayMs: number): {
  runNode: (id: string) => Promise<NodeOutcome>
  peak: () => number
  order: string[]
} {
  let current = 0
  let peak = 0
  const order: string[] = []
  const runNode = async (id: string): Promise<NodeOutcome> => {
    order.push(id)
    current++
    peak = Math.max(peak, current)
    await new Promise((resolve) => setTimeout(resolve, delayMs))
    current--
    return 'succeeded'
  }
  return { runNode, peak: () => peak, order }
}
