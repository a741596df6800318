/**
 * App shell: asks the backend for `app.info` (then marks the root `data-app-state="ready"`),
 * feeds live RunEvents into the live run store and model pull progress into the local store,
 * accepts dropped spec files anywhere, keeps the hash route in step with the view, shows a banner
 * while the connection to the core is lost, and shows one of the four views.
 */
import { lazy, Suspense, useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { call, errorText } from './api/call'
import { getApi, onEventGap, useConnection } from './api/get-api'
import { startHashRouting, type Route } from './routing/hash-route'
import { useImportStore } from './stores/import-bundle'
import { useAppStore, type ViewName } from './stores/app-store'
import { useGraphStore } from './stores/graph-store'
import { useHistoryStore } from './stores/history-store'
import { useLocalStore } from './stores/local-store'
import { attachToActiveRun, resyncLiveRun } from './stores/live-run'
import { pushLiveEvent } from './stores/live-event-log'
import { liveRunStore } from './stores/run-store'
import { GraphView } from './views/graph/graph-view'
import { useSpecDrop } from './views/graph/use-spec-drop'

// The Graph view is the first screen, so it is in the entry (its React Flow canvas is a chunk of
// its own); every other view is one chunk, loaded when first shown.
const HistoryView = lazy(() => import('./views/history/history-view').then((m) => ({ default: m.HistoryView })))
const OutputsView = lazy(() => import('./views/outputs/outputs-browser').then((m) => ({ default: m.OutputsView })))
const SettingsView = lazy(() => import('./views/settings/settings-view').then((m) => ({ default: m.SettingsView })))
const EditorView = lazy(() => import('./views/editor/editor-view').then((m) => ({ default: m.EditorView })))
const TracesView = lazy(() => import('./views/traces/traces-view').then((m) => ({ default: m.TracesView })))

const VIEWS: { name: ViewName; label: string }[] = [
  { name: 'graph', label: 'Graph' },
  { name: 'history', label: 'History' },
  { name: 'outputs', label: 'Outputs' },
  { name: 'traces', label: 'Traces' },
  { name: 'editor', label: 'Editor' },
  { name: 'settings', label: 'Settings' },
]

const JOB_END = new Set(['job.succeeded', 'job.failed', 'job.cancelled'])

// Asked as this module loads, so the server answers while React renders the first screen.
let infoRequest: ReturnType<typeof call<'app.info'>> | null = call('app.info', {})

function currentRoute(): Route {
  const { view, outputsJobId } = useAppStore.getState()
  if (view === 'history') return { view, jobId: useHistoryStore.getState().detailJobId }
  if (view === 'outputs') return { view, jobId: outputsJobId }
  return { view, jobId: null }
}

function applyRoute(route: Route): void {
  if (route.view === 'outputs' && route.jobId) return useAppStore.getState().showOutputs(route.jobId)
  useAppStore.getState().setView(route.view)
  if (route.view !== 'history') return
  if (route.jobId) void useHistoryStore.getState().open(route.jobId)
  else useHistoryStore.getState().close()
}

function ImportBanner(): React.JSX.Element | null {
  const { message, error } = useImportStore()
  if (!message) return null
  return (
    <div className={`banner${error ? ' error-text' : ' import-done'}`} role="status" data-testid="import-banner">
      {message}
    </div>
  )
}

function ConnectionBanner(): React.JSX.Element | null {
  const state = useConnection((s) => s.state)
  if (state === 'open') return null
  return (
    <div className="banner connection-lost" role="alert" data-testid="connection-lost">
      Connection to the orchestrator lost — reconnecting… What is shown may be out of date; missed events are filled in when it is back.
    </div>
  )
}

export function App(): React.JSX.Element {
  const { view, info, infoError, outputsJobId, outputsFile, liveJobId } = useAppStore(
    useShallow((s) => ({
      view: s.view,
      info: s.info,
      infoError: s.infoError,
      outputsJobId: s.outputsJobId,
      outputsFile: s.outputsFile,
      liveJobId: s.liveJobId,
    })),
  )
  const dragging = useSpecDrop()

  useEffect(() => {
    const off = getApi().on('run.event', (event) => {
      liveRunStore.getState().ingest(event)
      pushLiveEvent(event)
      if (event.type === 'job.started') {
        useAppStore.getState().setLiveJob(event.job_id)
        useGraphStore.getState().followRun(event.steps)
      }
      if (JOB_END.has(event.type)) void useHistoryStore.getState().refresh()
    })
    const offPull = getApi().on('local.pull', (progress) => useLocalStore.getState().ingest(progress))
    const offGap = onEventGap(resyncLiveRun)
    const offRoutes = startHashRouting({
      current: currentRoute,
      apply: applyRoute,
      subscribe: (listener) => {
        const a = useAppStore.subscribe(listener)
        const b = useHistoryStore.subscribe(listener)
        return () => {
          a()
          b()
        }
      },
    })
    // Both at once: the first screen waits for app.info only; a live run attaches beside it.
    const info = infoRequest ?? call('app.info', {})
    infoRequest = null
    info.then((res) => useAppStore.getState().setInfo(res)).catch((err: unknown) => useAppStore.getState().setInfo(null, errorText(err)))
    void attachToActiveRun().catch(() => undefined)
    return () => {
      off()
      offPull()
      offGap()
      offRoutes()
    }
  }, [])

  const appState = info ? 'ready' : infoError ? 'error' : 'loading'
  return (
    <div className={`app${dragging ? ' dragging' : ''}`} data-app-state={appState} data-testid="app">
      <header className="app-header">
        <span className="brand">Unified Orchestrator</span>
        <nav className="main-nav" aria-label="Views">
          {VIEWS.map((v) => (
            <a
              key={v.name}
              href={`#/${v.name}`}
              className={`nav-link${view === v.name ? ' active' : ''}`}
              aria-current={view === v.name ? 'page' : undefined}
              data-testid={`nav-${v.name}`}
            >
              {v.label}
            </a>
          ))}
        </nav>
        <span className="muted header-info">{info ? `v${info.version} · ${info.transport} · ${info.runsDir}` : ''}</span>
      </header>
      <ConnectionBanner />
      <ImportBanner />
      {infoError ? (
        <div className="error-text banner" data-testid="app-error">
          {infoError}
        </div>
      ) : null}
      <main className="app-main">
        <Suspense fallback={<div className="muted">Loading…</div>}>
          {view === 'graph' ? <GraphView /> : null}
          {view === 'history' ? <HistoryView /> : null}
          {view === 'outputs' ? <OutputsView jobId={outputsJobId} initialFile={outputsFile} /> : null}
          {view === 'traces' ? <TracesView jobId={liveJobId ?? outputsJobId} live /> : null}
          {view === 'editor' ? <EditorView /> : null}
          {view === 'settings' ? <SettingsView /> : null}
        </Suspense>
      </main>
      {dragging ? (
        <div className="drop-overlay" data-testid="drop-overlay">
          Drop the spec to load it
        </div>
      ) : null}
    </div>
  )
}
