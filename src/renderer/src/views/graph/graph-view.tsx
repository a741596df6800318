/**
 * The Graph view: spec source and run controls on top, validation issues, the live DAG of the
 * run started from this window (or of the loaded spec before a run), and the node side panel.
 */
import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../../stores/app-store'
import { useGraphStore } from '../../stores/graph-store'
import { NodePanel } from './node-panel'
import { RunControls } from './run-controls'
import { RunGraph } from './run-graph'
import { SpecIssues } from './spec-issues'
import { SpecSource } from './spec-source'

export function GraphView(): React.JSX.Element {
  const { nodes, edges, issues, fileName, validating, loadError, graph, onNodesChange } = useGraphStore(
    useShallow((s) => ({
      nodes: s.nodes,
      edges: s.edges,
      issues: s.issues,
      fileName: s.fileName,
      validating: s.validating,
      loadError: s.loadError,
      graph: s.graph,
      onNodesChange: s.onNodesChange,
    })),
  )
  const selectedStep = useAppStore((s) => s.selectedStep)
  const selectStep = useAppStore((s) => s.selectStep)
  return (
    <section className="graph-view" data-testid="graph-view">
      <div className="toolbar">
        <SpecSource />
        <RunControls />
      </div>
      {graph ? (
        <div className="graph-title" data-testid="graph-title">
          <strong>{graph.project}</strong> — {graph.task}
        </div>
      ) : null}
      {validating ? <div className="muted">Validating…</div> : null}
      {loadError ? (
        <div className="error-text" data-testid="load-error">
          {loadError}
        </div>
      ) : null}
      <SpecIssues fileName={fileName} issues={issues} />
      <div className="graph-body">
        {nodes.length > 0 ? (
          <RunGraph
            nodes={nodes}
            edges={edges}
            selectedStep={selectedStep}
            onSelect={selectStep}
            onNodesChange={onNodesChange}
            testId="graph-canvas"
          />
        ) : (
          <div className="empty-graph" data-testid="empty-graph">
            <p>Drop a spec file (.yaml) anywhere on this window, use “Open spec…”, or pick an example.</p>
          </div>
        )}
        {selectedStep && nodes.some((n) => n.id === selectedStep) ? (
          <NodePanel step={selectedStep} onClose={() => selectStep(null)} />
        ) : null}
      </div>
    </section>
  )
}
