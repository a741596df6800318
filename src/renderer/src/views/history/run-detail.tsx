/**
 * One run from history: its graph (rebuilt from the manifest's steps, statuses folded from the
 * stored events into a run store of its own), the events timeline, outputs and manifest. A run
 * that is still going stays live: pushed events of this job are folded in, a reconnect backfills
 * from the last seq, and its end reloads the detail. An interrupted run is settled, never ticking.
 */
import { useEffect, useMemo, useState } from 'react'
import { useStore } from 'zustand'
import { getApi, onEventGap } from '../../api/get-api'
import { settleInterrupted } from '../../stores/apply-run-event'
import { backfillRun } from '../../stores/live-run'
import { useHistoryStore } from '../../stores/history-store'
import { RunActionsBar } from './run-actions-bar'
import { formatCost, formatDuration, formatTime } from '../../format'
import { buildFlow } from '../../stores/flow-elements'
import type { RunDetail as RunDetailData } from '../../stores/history-store'
import { createRunStore, RunStoreContext } from '../../stores/run-store'
import { NodePanel } from '../graph/node-panel'
import { RunGraph } from '../graph/run-graph'
import { ManifestTable } from '../outputs/manifest-table'
import { OutputsBrowser } from '../outputs/outputs-browser'
import { ScrubberView } from '../scrubber/scrubber-view'
import { RunFolderBrowser } from '../traces/run-folder-browser'
import { TracesView } from '../traces/traces-view'
import { Timeline } from './timeline'

type Tab = 'graph' | 'timeline' | 'scrub' | 'traces' | 'files' | 'outputs' | 'manifest'

export function RunDetail({ detail, onClose }: { detail: RunDetailData; onClose(): void }): React.JSX.Element {
  const [tab, setTab] = useState<Tab>('graph')
  const [selected, setSelected] = useState<string | null>(null)
  const { manifest } = detail
  const store = useMemo(() => {
    const s = createRunStore()
    s.getState().load(detail.events)
    if (detail.manifest.status === 'interrupted') s.getState().settle(settleInterrupted)
    return s
  }, [detail])
  const live = detail.manifest.status === 'running'
  useEffect(() => {
    if (!live) return
    const jobId = detail.jobId
    const off = getApi().on('run.event', (event) => {
      if (event.job_id !== jobId) return
      store.getState().ingest(event)
      if (event.type === 'job.succeeded' || event.type === 'job.failed' || event.type === 'job.cancelled')
        void useHistoryStore.getState().open(jobId)
    })
    const backfill = (): void => {
      void backfillRun(store, jobId)
        .then(() => {
          if (store.getState().status !== 'running') void useHistoryStore.getState().open(jobId)
        })
        .catch(() => undefined)
    }
    const offGap = onEventGap(backfill)
    // Events between the runs.get that opened this view and the subscription above.
    backfill()
    return () => {
      off()
      offGap()
    }
  }, [live, store, detail.jobId])
  const runStatus = useStore(store, (s) => s.status)
  useEffect(() => {
    // "Compare with…" lists the other runs; a detail opened from a link has not loaded them yet.
    if (useHistoryStore.getState().runs.length === 0) void useHistoryStore.getState().refresh()
  }, [])
  const flow = useMemo(
    () =>
      buildFlow(
        Object.entries(manifest.steps).map(([id, step]) => ({
          id,
          agent: step.agent,
          needs: step.needs,
          provider: step.provider,
          model: step.model,
        })),
      ),
    [manifest],
  )
  const timeline = useStore(store, (s) => s.timeline)
  return (
    <RunStoreContext.Provider value={store}>
      <section className="run-detail" data-testid="run-detail" data-job={detail.jobId}>
        <header className="run-detail-head">
          <button onClick={onClose} data-testid="run-detail-back">
            ← History
          </button>
          <h2>{manifest.project}</h2>
          <span className={`status-badge status-${live ? runStatus : manifest.status}`} data-testid="run-detail-status">
            {live ? runStatus : manifest.status}
          </span>
          <span className="muted">
            {detail.jobId} · {formatTime(manifest.started_at)} · {formatDuration(manifest.duration_s)} · {manifest.provider} ·{' '}
            {manifest.usage.prompt_tokens + manifest.usage.completion_tokens} tokens · {formatCost(manifest.cost_usd)}
          </span>
        </header>
        <RunActionsBar jobId={detail.jobId} status={live ? (runStatus === 'idle' ? 'running' : runStatus) : manifest.status} />
        <p className="muted">{manifest.task_description}</p>
        {detail.tornLastLine ? (
          <div className="notice">The last line of events.jsonl was torn (the run was interrupted while writing it).</div>
        ) : null}
        <nav className="tabs">
          {(['graph', 'timeline', 'scrub', 'traces', 'files', 'outputs', 'manifest'] as const).map((t) => (
            <button key={t} className={tab === t ? 'active' : ''} data-testid={`detail-tab-${t}`} onClick={() => setTab(t)}>
              {t[0]?.toUpperCase()}
              {t.slice(1)}
            </button>
          ))}
        </nav>
        {tab === 'graph' ? (
          <div className="graph-body">
            <RunGraph nodes={flow.nodes} edges={flow.edges} selectedStep={selected} onSelect={setSelected} testId="detail-graph" />
            {selected ? <NodePanel step={selected} onClose={() => setSelected(null)} /> : null}
          </div>
        ) : null}
        {tab === 'timeline' ? <Timeline entries={timeline} /> : null}
        {tab === 'scrub' ? <ScrubberView events={detail.events} /> : null}
        {tab === 'traces' ? <TracesView jobId={detail.jobId} live={manifest.status === 'running'} /> : null}
        {tab === 'files' ? <RunFolderBrowser jobId={detail.jobId} /> : null}
        {tab === 'outputs' ? <OutputsBrowser jobId={detail.jobId} /> : null}
        {tab === 'manifest' ? (
          <div data-testid="manifest-view">
            <table className="data-table">
              <thead>
                <tr>
                  <th>Step</th>
                  <th>Agent</th>
                  <th>Status</th>
                  <th>Provider / model</th>
                  <th>Duration</th>
                  <th>Attempts</th>
                  <th>Tokens</th>
                  <th>Error</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(manifest.steps).map(([id, s]) => (
                  <tr key={id}>
                    <td>{id}</td>
                    <td>{s.agent}</td>
                    <td>
                      <span className={`status-badge status-${s.cache_hit ? 'cached' : s.status}`}>
                        {s.cache_hit ? 'cached' : s.status}
                      </span>
                    </td>
                    <td>
                      {s.provider} / {s.model}
                    </td>
                    <td>{formatDuration(s.duration_s)}</td>
                    <td>{s.attempts}</td>
                    <td>{s.usage.prompt_tokens + s.usage.completion_tokens}</td>
                    <td>{s.error?.message ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>Files</h3>
            <ManifestTable files={manifest.files} />
            <p className="muted">
              App {manifest.app_version} · spec SHA-256 {manifest.spec_sha256}
            </p>
          </div>
        ) : null}
      </section>
    </RunStoreContext.Provider>
  )
}
