/**
 * App shell: asks the backend for `app.info` (then marks the root `data-app-state="ready"`),
 * feeds live RunEvents into the live run store and model pull progress into the local store, accepts dropped spec files anywhere, and shows
 * one of the four views.
 */
import { useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { call, errorText } from './api/call'
import { getApi, onEventGap } from './api/get-api'
import { useAppStore, type ViewName } from './stores/app-store'
import { useGraphStore } from './stores/graph-store'
import { useHistoryStore } from './stores/history-store'
import { useLocalStore } from './stores/local-store'
import { attachToActiveRun, resyncLiveRun } from './stores/live-run'
import { liveRunStore } from './stores/run-store'
import { GraphView } from './views/graph/graph-view'
import { useSpecDrop } from './views/graph/use-spec-drop'
import { HistoryView } from './views/history/history-view'
import { OutputsView } from './views/outputs/outputs-browser'
import { SettingsView } from './views/settings/settings-view'

const VIEWS: { name: ViewName; label: string }[] = [
  { name: 'graph', label: 'Graph' },
  { name: 'history', label: 'History' },
  { name: 'outputs', label: 'Outputs' },
  { name: 'settings', label: 'Settings' },
]

const JOB_END = new Set(['job.succeeded', 'job.failed', 'job.cancelled'])

export function App(): React.JSX.Element {
  const { view, info, infoError, outputsJobId, outputsFile } = useAppStore(
    useShallow((s) => ({ view: s.view, info: s.info, infoError: s.infoError, outputsJobId: s.outputsJobId, outputsFile: s.outputsFile })),
  )
  const dragging = useSpecDrop()

  useEffect(() => {
    const off = getApi().on('run.event', (event) => {
      liveRunStore.getState().ingest(event)
      if (event.type === 'job.started') {
        useAppStore.getState().setLiveJob(event.job_id)
        useGraphStore.getState().followRun(event.steps)
      }
      if (JOB_END.has(event.type)) void useHistoryStore.getState().refresh()
    })
    const offPull = getApi().on('local.pull', (progress) => useLocalStore.getState().ingest(progress))
    const offGap = onEventGap(resyncLiveRun)
    call('app.info', {})
      .then((res) => {
        useAppStore.getState().setInfo(res)
        void attachToActiveRun().catch(() => undefined)
      })
      .catch((err: unknown) => useAppStore.getState().setInfo(null, errorText(err)))
    return () => {
      off()
      offPull()
      offGap()
    }
  }, [])

  const appState = info ? 'ready' : infoError ? 'error' : 'loading'
  return (
    <div className={`app${dragging ? ' dragging' : ''}`} data-app-state={appState} data-testid="app">
      <header className="app-header">
        <span className="brand">Unified Orchestrator</span>
        <nav className="main-nav">
          {VIEWS.map((v) => (
            <button
              key={v.name}
              className={view === v.name ? 'active' : ''}
              data-testid={`nav-${v.name}`}
              onClick={() => useAppStore.getState().setView(v.name)}
            >
              {v.label}
            </button>
          ))}
        </nav>
        <span className="muted header-info">{info ? `v${info.version} · ${info.transport} · ${info.runsDir}` : ''}</span>
      </header>
      {infoError ? (
        <div className="error-text banner" data-testid="app-error">
          {infoError}
        </div>
      ) : null}
      <main className="app-main">
        {view === 'graph' ? <GraphView /> : null}
        {view === 'history' ? <HistoryView /> : null}
        {view === 'outputs' ? <OutputsView jobId={outputsJobId} initialFile={outputsFile} /> : null}
        {view === 'settings' ? <SettingsView /> : null}
      </main>
      {dragging ? (
        <div className="drop-overlay" data-testid="drop-overlay">
          Drop the spec to load it
        </div>
      ) : null}
    </div>
  )
}
