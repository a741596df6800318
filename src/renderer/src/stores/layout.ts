/**
 * Left-to-right DAG layout with dagre: node id → top-left position. Pure; the sizes are the
 * rendered agent card's, so edges meet the cards' sides.
 */
import dagre from '@dagrejs/dagre'

const NODE_WIDTH = 280
const NODE_HEIGHT = 156

export interface LayoutInput {
  id: string
  needs: readonly string[]
}

export function layoutLeftToRight(steps: readonly LayoutInput[]): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph()
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 90, marginx: 20, marginy: 20 })
  g.setDefaultEdgeLabel(() => ({}))
  const ids = new Set(steps.map((s) => s.id))
  for (const step of steps) g.setNode(step.id, { width: NODE_WIDTH, height: NODE_HEIGHT })
  for (const step of steps) for (const need of step.needs) if (ids.has(need)) g.setEdge(need, step.id)
  dagre.layout(g)
  const positions = new Map<string, { x: number; y: number }>()
  for (const step of steps) {
    const node = g.node(step.id)
    positions.set(step.id, { x: node.x - NODE_WIDTH / 2, y: node.y - NODE_HEIGHT / 2 })
  }
  return positions
}
