/**
 * Run and Cancel for the loaded spec, with the provider and model to use (defaults from
 * Settings). Shows the live run's status, duration, notices and error.
 */
import { useEffect, useRef, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { call, errorText } from '../../api/call'
import { elapsedSeconds, formatDuration } from '../../format'
import { useNow } from '../../hooks/use-now'
import { useAppStore } from '../../stores/app-store'
import { useGraphStore } from '../../stores/graph-store'
import { liveRunStore } from '../../stores/run-store'
import { useStore } from 'zustand'
import type { RunActions } from '../../stores/run-store'
import type { RunState } from '../../stores/run-state'

import { BudgetMeter, EstimateLine } from './cost-preview'
import { PROVIDER_CHOICES } from '../../../../shared/provider-names'

const selectRunHeader = (s: RunState & RunActions) => ({
  jobId: s.jobId,
  status: s.status,
  startedAt: s.startedAt,
  durationS: s.durationS,
  error: s.error,
  notices: s.notices,
})

export function RunControls(): React.JSX.Element {
  const { specText, fileName, canRun } = useGraphStore(
    useShallow((s) => ({ specText: s.specText, fileName: s.fileName, canRun: s.graph !== null })),
  )
  const liveJobId = useAppStore((s) => s.liveJobId)
  const run = useStore(liveRunStore, useShallow(selectRunHeader))
  const [provider, setProvider] = useState<string>('auto')
  const [model, setModel] = useState('')
  const [runChecks, setRunChecks] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [startNotices, setStartNotices] = useState<string[]>([])
  const now = useNow(run.status === 'running')
  // Settings' defaults arrive asynchronously; a choice the user already made wins over them.
  const touched = useRef({ provider: false, model: false })

  useEffect(() => {
    call('settings.get', {})
      .then((s) => {
        if (s.defaultProvider && !touched.current.provider) setProvider(s.defaultProvider)
        if (s.defaultModel && !touched.current.model) setModel(s.defaultModel)
      })
      .catch(() => undefined)
  }, [])

  const running = run.status === 'running' && run.jobId !== null
  const start = async (): Promise<void> => {
    if (!specText || !fileName) return
    setBusy(true)
    setError(null)
    try {
      const res = await call('runs.start', {
        text: specText,
        fileName,
        provider,
        runChecks,
        ...(model.trim() ? { model: model.trim() } : {}),
      })
      setStartNotices(res.notices)
      useAppStore.getState().setLiveJob(res.jobId)
      useAppStore.getState().selectStep(null)
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }
  const cancel = async (): Promise<void> => {
    const jobId = run.jobId ?? liveJobId
    if (!jobId) return
    try {
      await call('runs.cancel', { jobId })
    } catch (err) {
      setError(errorText(err))
    }
  }

  const elapsed = run.durationS ?? elapsedSeconds(run.startedAt, null, now)
  const notices = [...new Set([...startNotices, ...run.notices])]
  return (
    <div className="run-controls">
      <div className="run-buttons">
        <select
          data-testid="provider-select"
          aria-label="Provider"
          value={provider}
          onChange={(e) => {
            touched.current.provider = true
            setProvider(e.currentTarget.value)
          }}
          title="Model provider"
        >
          {PROVIDER_CHOICES.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <input
          data-testid="model-input"
          aria-label="Model"
          placeholder="model (provider default)"
          value={model}
          onChange={(e) => {
            touched.current.model = true
            setModel(e.currentTarget.value)
          }}
        />
        <label
          className="run-checks"
          title="Run steps' check commands (e.g. QA's pytest) on a copy of the generated project. This executes model-written code on this computer."
        >
          <input type="checkbox" data-testid="run-checks" checked={runChecks} onChange={(e) => setRunChecks(e.currentTarget.checked)} /> run
          checks
        </label>
        <button className="primary" data-testid="run-button" disabled={!canRun || busy || running} onClick={() => void start()}>
          ▶ Run
        </button>
        <button className="danger" data-testid="cancel-button" disabled={!running} onClick={() => void cancel()}>
          ■ Cancel
        </button>
        {run.jobId ? (
          <span className={`run-status status-${run.status}`} data-testid="run-status" data-status={run.status} data-job={run.jobId}>
            {run.status.replace('_', ' ')} · {formatDuration(elapsed)}
          </span>
        ) : null}
        {run.jobId ? <BudgetMeter /> : null}
        {!running && canRun && specText && fileName ? (
          <EstimateLine text={specText} fileName={fileName} provider={provider} model={model} />
        ) : null}
        {run.jobId && run.status !== 'running' ? (
          <button data-testid="run-outputs-button" onClick={() => run.jobId && useAppStore.getState().showOutputs(run.jobId)}>
            Outputs
          </button>
        ) : null}
      </div>
      {error ? (
        <div className="error-text" data-testid="run-error">
          {error}
        </div>
      ) : null}
      {run.error ? <div className="error-text">{run.error.message}</div> : null}
      {notices.map((n, i) => (
        <div key={i} className="notice" data-testid="run-notice">
          {n}
        </div>
      ))}
    </div>
  )
}
