/**
 * Actions on one step of a run, in its side panel. A gated step (awaiting approval): Approve —
 * optionally with an edited prompt — or Reject with a reason; the job continues in place. A step
 * of a finished run: Run from here — optionally with a new prompt template, provider or model —
 * which makes a new job where every step upstream is reused (no model calls, shown as cached
 * with what it saved) and this step and everything downstream run again.
 */
import { useState } from 'react'
import { PROVIDER_CHOICES } from '../../../../shared/provider-names'
import { startAction } from '../../stores/run-actions'
import { useRun } from '../../stores/run-store'

export function StepActions({ step }: { step: string }): React.JSX.Element | null {
  const jobId = useRun((s) => s.jobId)
  const runStatus = useRun((s) => s.status)
  const stepStatus = useRun((s) => s.steps[step]?.status)
  const [prompt, setPrompt] = useState('')
  const [provider, setProvider] = useState('')
  const [model, setModel] = useState('')
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  if (!jobId) return null
  const act = async (work: () => Promise<string | null>): Promise<void> => {
    setBusy(true)
    setError(null)
    const failure = await work()
    setBusy(false)
    if (failure) setError(failure)
  }
  const edited = prompt.trim() === '' ? {} : { prompt }
  const failure = error ? (
    <div className="error-text" role="alert" data-testid="step-action-error">
      {error}
    </div>
  ) : null

  if (stepStatus === 'awaiting_approval') {
    return (
      <section className="step-actions" data-testid="approval">
        <h3>Approval</h3>
        <p className="muted">This step waits for you. Approve it (optionally with an edited prompt) or reject it.</p>
        <label>
          Prompt (leave empty to keep it)
          <textarea data-testid="approve-prompt" rows={4} value={prompt} onChange={(e) => setPrompt(e.currentTarget.value)} />
        </label>
        <div className="row">
          <button
            className="primary"
            data-testid="approve-button"
            disabled={busy}
            onClick={() => void act(() => startAction('runs.approve', { jobId, step, ...edited }))}
          >
            ✓ Approve
          </button>
          <input
            aria-label="Reason for rejecting"
            placeholder="reason (optional)"
            data-testid="reject-reason"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
          />
          <button
            className="danger"
            data-testid="reject-button"
            disabled={busy}
            onClick={() => void act(() => startAction('runs.reject', { jobId, step, ...(reason.trim() ? { reason } : {}) }))}
          >
            ✕ Reject
          </button>
        </div>
        {failure}
      </section>
    )
  }
  if (runStatus === 'running' || runStatus === 'idle') return null
  return (
    <section className="step-actions" data-testid="run-from-here">
      <h3>Run from here</h3>
      <p className="muted">A new run: the steps upstream are reused (no model calls); this step and everything after it run again.</p>
      <label>
        Prompt template (leave empty to keep it; {'{{task}}'}, {'{{steps.<id>.files}}'} work as in the spec)
        <textarea data-testid="rerun-prompt" rows={4} value={prompt} onChange={(e) => setPrompt(e.currentTarget.value)} />
      </label>
      <div className="row">
        <select
          aria-label="Provider for this step"
          data-testid="rerun-provider"
          value={provider}
          onChange={(e) => setProvider(e.currentTarget.value)}
        >
          <option value="">same provider</option>
          {PROVIDER_CHOICES.filter((p) => p !== 'auto').map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <input
          aria-label="Model for this step"
          placeholder="same model"
          data-testid="rerun-model"
          value={model}
          onChange={(e) => setModel(e.currentTarget.value)}
        />
        <button
          className="primary"
          data-testid="rerun-button"
          disabled={busy}
          onClick={() =>
            void act(() =>
              startAction('runs.rerun', {
                jobId,
                from: step,
                ...edited,
                ...(provider ? { provider } : {}),
                ...(model.trim() ? { model: model.trim() } : {}),
              }),
            )
          }
        >
          ▶ Run from here
        </button>
      </div>
      {failure}
    </section>
  )
}
