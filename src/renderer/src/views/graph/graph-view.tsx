/**
 * The Graph view: spec source and run controls on top, then exactly one of two graphs — the
 * loaded spec (validation issues, steps not yet run) or the live run (statuses from its events).
 * When a spec was opened during a run, tabs switch between the two; neither borrows the other's
 * title, nodes or statuses. The node side panel reads the store of the graph shown.
 */
import { lazy, Suspense, useEffect } from 'react'
import { useStore } from 'zustand'
import { addCost } from '../../../../shared/cost'
import { formatCost, formatCount } from '../../format'
import type { RunState } from '../../stores/run-state'
import { useShallow } from 'zustand/react/shallow'
import { useAppStore } from '../../stores/app-store'
import { useGraphStore } from '../../stores/graph-store'
import { createRunStore, liveRunStore, RunStoreContext } from '../../stores/run-store'
import { NodePanel } from './node-panel'
import { RunControls } from './run-controls'
import { loadFlow } from '../../stores/flow-loader'
import type * as RunGraphModule from './run-graph'
import { SpecIssues } from './spec-issues'
import { SpecSource } from './spec-source'

const selectReuse = (
  s: RunState,
): { parentJobId: string | null; rerunFrom: string | null; reused: number; savedTokens: number; savedUsd: number | null } => {
  const steps = Object.values(s.steps).filter((step) => step.savedTokens > 0 || step.status === 'cached')
  return {
    parentJobId: s.parentJobId,
    rerunFrom: s.rerunFrom,
    reused: steps.length,
    savedTokens: steps.reduce((sum, step) => sum + step.savedTokens, 0),
    savedUsd: steps.reduce<number | null>((sum, step) => addCost(sum, step.savedUsd), 0),
  }
}

// The canvas (React Flow, d3) is its own chunk: the empty first screen does not wait for it.
const loadRunGraph = (): Promise<typeof RunGraphModule> => import('./run-graph')
const RunGraph = lazy(() => loadRunGraph().then((m) => ({ default: m.RunGraph })))

/** Fetches the canvas and the layout code once the first screen is ready, before a spec arrives. */
function usePrefetchCanvas(): void {
  const ready = useAppStore((s) => s.info !== null)
  useEffect(() => {
    if (!ready) return
    const prefetch = (): void => {
      void loadRunGraph().catch(() => undefined)
      void loadFlow().catch(() => undefined)
    }
    if (typeof requestIdleCallback !== 'function') return void setTimeout(prefetch, 50)
    const id = requestIdleCallback(prefetch, { timeout: 1000 })
    return () => cancelIdleCallback(id)
  }, [ready])
}

/** A run store no event ever reaches: a spec that has not run shows every step pending. */
const notRunStore = createRunStore()

export function GraphView(): React.JSX.Element {
  const g = useGraphStore(
    useShallow((s) => ({
      shown: s.shown,
      besideRun: s.besideRun,
      specNodes: s.specNodes,
      specEdges: s.specEdges,
      runNodes: s.runNodes,
      runEdges: s.runEdges,
      issues: s.issues,
      fileName: s.fileName,
      validating: s.validating,
      loadError: s.loadError,
      graph: s.graph,
      setShownNodes: s.setShownNodes,
    })),
  )
  const run = useStore(
    liveRunStore,
    useShallow((s) => ({ jobId: s.jobId, project: s.project, task: s.task, status: s.status })),
  )
  const reuse = useStore(liveRunStore, useShallow(selectReuse))
  const selectedStep = useAppStore((s) => s.selectedStep)
  const selectStep = useAppStore((s) => s.selectStep)
  usePrefetchCanvas()
  const showRun = g.shown === 'run' && g.runNodes.length > 0
  const nodes = showRun ? g.runNodes : g.specNodes
  const edges = showRun ? g.runEdges : g.specEdges
  const tabs = g.runNodes.length > 0 && g.fileName !== null && (g.besideRun || !showRun)
  return (
    <section className="graph-view" data-testid="graph-view" data-shown={showRun ? 'run' : 'spec'}>
      <div className="toolbar">
        <SpecSource />
        <RunControls />
      </div>
      {tabs ? (
        <nav className="tabs" aria-label="Graph shown">
          <button
            className={showRun ? 'active' : ''}
            aria-pressed={showRun}
            data-testid="graph-tab-run"
            onClick={() => useGraphStore.getState().show('run')}
          >
            Run · {run.project || run.jobId} <span className={`status-badge status-${run.status}`}>{run.status}</span>
          </button>
          <button
            className={showRun ? '' : 'active'}
            aria-pressed={!showRun}
            data-testid="graph-tab-spec"
            onClick={() => useGraphStore.getState().show('spec')}
          >
            Spec · {g.fileName}
          </button>
        </nav>
      ) : null}
      {showRun ? (
        <div className="graph-title" data-testid="graph-title">
          <strong>{run.project}</strong> — {run.task}
          {reuse.parentJobId ? (
            <div className="muted rerun-note" data-testid="rerun-note">
              Rerun of {reuse.parentJobId}
              {reuse.rerunFrom ? ` from ${reuse.rerunFrom}` : ''}: {reuse.reused} {reuse.reused === 1 ? 'step' : 'steps'} reused,{' '}
              {formatCount(reuse.savedTokens)} tokens · {formatCost(reuse.savedUsd)} saved
            </div>
          ) : null}
        </div>
      ) : g.graph ? (
        <div className="graph-title" data-testid="graph-title">
          <strong>{g.graph.project}</strong> — {g.graph.task}
        </div>
      ) : null}
      {!showRun && g.validating ? <div className="muted">Validating…</div> : null}
      {!showRun && g.loadError ? (
        <div className="error-text" data-testid="load-error">
          {g.loadError}
        </div>
      ) : null}
      {!showRun ? <SpecIssues fileName={g.fileName} issues={g.issues} /> : null}
      <RunStoreContext.Provider value={showRun ? liveRunStore : notRunStore}>
        <div className="graph-body">
          {nodes.length > 0 ? (
            <Suspense fallback={<div className="muted">Loading the graph…</div>}>
              <RunGraph
                nodes={nodes}
                edges={edges}
                selectedStep={selectedStep}
                onSelect={selectStep}
                onNodesChange={g.setShownNodes}
                testId="graph-canvas"
              />
            </Suspense>
          ) : g.issues.length === 0 && !g.validating ? (
            <div className="empty-graph" data-testid="empty-graph">
              <p>Drop a spec file (.yaml) anywhere on this window, use “Open spec…”, or pick an example.</p>
            </div>
          ) : null}
          {selectedStep && nodes.some((n) => n.id === selectedStep) ? (
            <NodePanel step={selectedStep} onClose={() => selectStep(null)} />
          ) : null}
        </div>
      </RunStoreContext.Provider>
    </section>
  )
}
