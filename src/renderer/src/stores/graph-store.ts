/**
 * The graph being looked at in the Graph view: the loaded spec text, its validation result
 * (graph view or issues with line:column) and the React Flow nodes/edges laid out from it.
 * When a run starts, its job.started steps (with resolved provider/model) replace the spec's.
 */
import { applyNodeChanges, type NodeChange } from '@xyflow/react'
import { create } from 'zustand'
import type { InvokeResponse } from '../../../shared/ipc'
import { call, errorText } from '../api/call'
import { buildFlow, type AgentNode, type FlowStep } from './flow-elements'
import type { Edge } from '@xyflow/react'

type GraphView = Extract<InvokeResponse<'graph.validate'>, { ok: true }>['graph']
export type SpecIssueView = Extract<InvokeResponse<'graph.validate'>, { ok: false }>['issues'][number]

export interface GraphState {
  specText: string | null
  fileName: string | null
  graph: GraphView | null
  issues: SpecIssueView[]
  validating: boolean
  loadError: string | null
  nodes: AgentNode[]
  edges: Edge[]
}

export interface GraphActions {
  loadSpec(text: string, fileName: string): Promise<void>
  showSteps(steps: readonly FlowStep[]): void
  /** Shows a run's steps unless the current graph already has exactly these step ids. */
  followRun(steps: readonly FlowStep[]): void
  onNodesChange(changes: NodeChange<AgentNode>[]): void
}

const initial: GraphState = {
  specText: null,
  fileName: null,
  graph: null,
  issues: [],
  validating: false,
  loadError: null,
  nodes: [],
  edges: [],
}

export const useGraphStore = create<GraphState & GraphActions>()((set, get) => ({
  ...initial,
  async loadSpec(text, fileName) {
    set({ specText: text, fileName, validating: true, loadError: null, issues: [] })
    try {
      const result = await call('graph.validate', { text, fileName })
      if (get().specText !== text) return
      if (result.ok) {
        const roles = new Map(result.graph.steps.map((s) => [s.id, s.role]))
        const flow = buildFlow(result.graph.steps.map((s) => ({ ...s, role: roles.get(s.id) ?? s.agent })))
        set({ graph: result.graph, issues: [], validating: false, ...flow })
      } else {
        set({ graph: null, issues: result.issues, validating: false, nodes: [], edges: [] })
      }
    } catch (err) {
      set({ validating: false, loadError: errorText(err) })
    }
  },
  showSteps(steps) {
    const roles = new Map((get().graph?.steps ?? []).map((s) => [s.id, s.role]))
    set(buildFlow(steps.map((s) => ({ ...s, role: s.role ?? roles.get(s.id) ?? s.agent }))))
  },
  followRun(steps) {
    const current = get()
      .nodes.map((n) => n.id)
      .sort()
      .join('|')
    if (
      current !==
      steps
        .map((s) => s.id)
        .sort()
        .join('|')
    )
      get().showSteps(steps)
  },
  onNodesChange(changes) {
    set({ nodes: applyNodeChanges(changes, get().nodes) })
  },
}))
