/**
 * What the Graph view shows: either the loaded spec or the live run, never a mix. The spec side
 * holds its text, validation result (graph or issues with line:column) and laid-out elements; the
 * run side holds elements built from the run's job.started steps (resolved provider/model).
 * Loading a spec after a run has finished clears that run; loading one while a run is going opens
 * it beside the run (`besideRun`: the view offers both), leaving the run's graph untouched.
 */
import type { Edge } from '@xyflow/react'
import { create } from 'zustand'
import type { InvokeResponse } from '../../../shared/ipc'
import { call, errorText } from '../api/call'
import { useAppStore } from './app-store'
import type { AgentNode, FlowStep } from './flow-elements'
import { loadFlow, loadedFlow } from './flow-loader'
import { liveRunStore } from './run-store'

type GraphView = Extract<InvokeResponse<'graph.validate'>, { ok: true }>['graph']
export type SpecIssueView = Extract<InvokeResponse<'graph.validate'>, { ok: false }>['issues'][number]
type GraphShown = 'spec' | 'run'

export interface GraphState {
  specText: string | null
  fileName: string | null
  graph: GraphView | null
  issues: SpecIssueView[]
  validating: boolean
  loadError: string | null
  specNodes: AgentNode[]
  specEdges: Edge[]
  runNodes: AgentNode[]
  runEdges: Edge[]
  shown: GraphShown
  /** A spec was loaded while the live run was going: both can be looked at. */
  besideRun: boolean
}

export interface GraphActions {
  loadSpec(text: string, fileName: string): Promise<void>
  /** Shows a run's steps (rebuilt only when the step ids change). */
  followRun(steps: readonly FlowStep[]): void
  show(shown: GraphShown): void
  /** The shown graph's nodes after React Flow applied a change (drag, measure). */
  setShownNodes(nodes: AgentNode[]): void
}

const initial: GraphState = {
  specText: null,
  fileName: null,
  graph: null,
  issues: [],
  validating: false,
  loadError: null,
  specNodes: [],
  specEdges: [],
  runNodes: [],
  runEdges: [],
  shown: 'spec',
  besideRun: false,
}

const idsOf = (items: readonly { id: string }[]): string =>
  items
    .map((s) => s.id)
    .sort()
    .join('|')

export const useGraphStore = create<GraphState & GraphActions>()((set, get) => ({
  ...initial,
  async loadSpec(text, fileName) {
    const runGoing = liveRunStore.getState().status === 'running'
    if (!runGoing) {
      liveRunStore.getState().reset()
      useAppStore.getState().setLiveJob(null)
      set({ runNodes: [], runEdges: [] })
    }
    useAppStore.getState().selectStep(null)
    set({
      specText: text,
      fileName,
      validating: true,
      loadError: null,
      issues: [],
      graph: null,
      specNodes: [],
      specEdges: [],
      shown: 'spec',
      besideRun: runGoing,
    })
    try {
      const result = await call('graph.validate', { text, fileName })
      if (get().specText !== text) return
      if (result.ok) {
        const { buildFlow } = await loadFlow()
        if (get().specText !== text) return
        const flow = buildFlow(result.graph.steps)
        set({ graph: result.graph, issues: [], validating: false, specNodes: flow.nodes, specEdges: flow.edges })
      } else {
        set({ graph: null, issues: result.issues, validating: false })
      }
    } catch (err) {
      set({ validating: false, loadError: errorText(err) })
    }
  },
  followRun(steps) {
    // The layout code (dagre) loads with the graph canvas; a run seen before it has loaded waits for it.
    const flowModule = loadedFlow()
    if (!flowModule)
      return void loadFlow().then(
        () => get().followRun(steps),
        () => undefined,
      )
    const roles = new Map((get().graph?.steps ?? []).map((s) => [s.id, s.role]))
    if (idsOf(get().runNodes) !== idsOf(steps)) {
      const flow = flowModule.buildFlow(steps.map((s) => ({ ...s, role: s.role ?? roles.get(s.id) ?? s.agent })))
      set({ runNodes: flow.nodes, runEdges: flow.edges })
    }
    if (get().shown !== 'run') useAppStore.getState().selectStep(null)
    set({ shown: 'run', besideRun: false })
  },
  show(shown) {
    if (shown !== get().shown) useAppStore.getState().selectStep(null)
    set({ shown })
  },
  setShownNodes(nodes) {
    if (get().shown === 'run') set({ runNodes: nodes })
    else set({ specNodes: nodes })
  },
}))
