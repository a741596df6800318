/**
 * The React Flow canvas for one run: agent nodes from the given elements, statuses from the
 * nearest run store. An edge animates while its target runs and turns green once its source is
 * done. Clicking a node, or Enter/Space on a focused node (Tab reaches every node), selects it
 * (side panel). `nodeTypes` is registered at module scope. React Flow and its CSS come with this
 * module's chunk, so screens without a canvas never load them.
 */
import { applyNodeChanges, Background, Controls, ReactFlow, type Edge } from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import './run-graph.css'
import { useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { AgentNode } from '../../stores/flow-elements'
import type { RunActions } from '../../stores/run-store'
import { useRun } from '../../stores/run-store'
import type { NodeStatus, RunState } from '../../stores/run-state'
import { Legend } from './legend'
import { nodeTypes } from './agent-node'

const selectStatuses = (s: RunState & RunActions): Record<string, NodeStatus> => {
  const out: Record<string, NodeStatus> = {}
  for (const [id, step] of Object.entries(s.steps)) out[id] = step.status
  return out
}

const DONE: ReadonlySet<NodeStatus> = new Set(['succeeded', 'cached'])

export interface RunGraphProps {
  nodes: AgentNode[]
  edges: Edge[]
  selectedStep: string | null
  onSelect(step: string | null): void
  /** The nodes after React Flow changed them (dragged, measured); without it they stay as given. */
  onNodesChange?: (nodes: AgentNode[]) => void
  testId: string
}

export function RunGraph({ nodes, edges, selectedStep, onSelect, onNodesChange, testId }: RunGraphProps): React.JSX.Element {
  const statuses = useRun(useShallow(selectStatuses))
  const liveEdges = useMemo(
    () =>
      edges.map((edge) => {
        const source = statuses[edge.source] ?? 'pending'
        const target = statuses[edge.target] ?? 'pending'
        const flowing = target === 'running'
        const className = flowing ? 'edge-flowing' : DONE.has(source) ? 'edge-done' : 'edge-idle'
        return { ...edge, animated: flowing, className, data: { source, target } }
      }),
    [edges, statuses],
  )
  const shownNodes = useMemo(
    () => nodes.map((n) => (n.id === selectedStep ? { ...n, selected: true } : n.selected ? { ...n, selected: false } : n)),
    [nodes, selectedStep],
  )
  const key = useMemo(() => nodes.map((n) => n.id).join('|'), [nodes])
  return (
    <div
      className="run-graph"
      data-testid={testId}
      onKeyDown={(e) => {
        if (e.key !== 'Enter' && e.key !== ' ') return
        const target = e.target instanceof HTMLElement ? e.target.closest<HTMLElement>('.react-flow__node') : null
        const id = target?.dataset.id
        if (!id) return
        e.preventDefault()
        onSelect(id)
      }}
    >
      <ReactFlow<AgentNode>
        key={key}
        nodes={shownNodes}
        edges={liveEdges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange ? (changes) => onNodesChange(applyNodeChanges(changes, nodes)) : undefined}
        onNodeClick={(_, node) => onSelect(node.id)}
        onPaneClick={() => onSelect(null)}
        nodesConnectable={false}
        edgesFocusable={false}
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1.1 }}
        minZoom={0.2}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={24} />
        <Controls showInteractive={false} />
      </ReactFlow>
      <Legend />
    </div>
  )
}
