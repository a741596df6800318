/**
 * Builds React Flow nodes and edges from a list of steps (a validated spec's graph view, a
 * job.started event, or a manifest): one `agent` node per step, laid out left to right, one edge
 * per `needs` entry. Node data is typed per kind (`AgentNode`).
 */
import type { Edge, Node } from '@xyflow/react'
import { layoutLeftToRight } from './layout'

export interface FlowStep {
  id: string
  agent: string
  role?: string
  needs: readonly string[]
  provider?: string
  model?: string
}

export interface AgentNodeData extends Record<string, unknown> {
  stepId: string
  agent: string
  role: string
  provider: string
  model: string
}

export type AgentNode = Node<AgentNodeData, 'agent'>

export interface FlowElements {
  nodes: AgentNode[]
  edges: Edge[]
}

export function buildFlow(steps: readonly FlowStep[]): FlowElements {
  const positions = layoutLeftToRight(steps)
  const ids = new Set(steps.map((s) => s.id))
  const nodes: AgentNode[] = steps.map((step) => ({
    id: step.id,
    type: 'agent',
    position: positions.get(step.id) ?? { x: 0, y: 0 },
    ariaLabel: `Step ${step.id} (${step.role ?? step.agent}); Enter opens its details`,
    data: {
      stepId: step.id,
      agent: step.agent,
      role: step.role ?? step.agent,
      provider: step.provider ?? 'auto',
      model: step.model ?? 'default model',
    },
  }))
  const edges: Edge[] = steps.flatMap((step) =>
    step.needs.filter((need) => ids.has(need)).map((need) => ({ id: `${need}->${step.id}`, source: need, target: step.id })),
  )
  return { nodes, edges }
}
