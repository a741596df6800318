/**
 * Types of the DAG executor contract. Nodes arrive already validated by the spec layer (ids unique,
 * dependencies exist, no cycles); the executor re-checks cheaply and rejects with `bad_input`.
 */

export type NodeOutcome = 'succeeded' | 'failed' | 'cancelled'
export type FinalOutcome = NodeOutcome | 'skipped'

/** `group` is the provider name; it selects the concurrency limit the node counts against. */
export interface DagNode {
  id: string
  needs: readonly string[]
  group: string
}

export interface DagOptions {
  nodes: readonly DagNode[]
  /** Per-group concurrency; a group missing here is unlimited. */
  groupLimits: Readonly<Record<string, number>>
  /** Spec `concurrency`; default unlimited. */
  globalLimit?: number
  signal?: AbortSignal
  /** May throw or reject: treated as 'failed'. */
  runNode: (id: string, signal: AbortSignal) => Promise<NodeOutcome> | NodeOutcome
  /** Once per transitive dependent of a node that did not succeed; names the node that failed. */
  onSkipped?: (id: string, failedDependency: string) => void
  /** Once per node that is ready but held back because its group is at its limit, when it starts waiting. */
  onWaiting?: (id: string) => void
  /** Once per node that never started because the run was aborted. */
  onCancelled?: (id: string) => void
}
