/**
 * Side panel for the selected node: status and error, its prompt (from the step log), the full
 * streamed output, tool calls, the files it wrote (click → Outputs browser) and its log. Reads
 * from the nearest run store, so it works for the live run and for a past one.
 */
import { useEffect, useState } from 'react'
import { call } from '../../api/call'
import { formatBytes, formatCost, formatDuration } from '../../format'
import { useAppStore } from '../../stores/app-store'
import { useRun } from '../../stores/run-store'
import { STATUS_LABEL } from './status'
import { StepActions } from './step-actions'

function promptFromLog(log: string): string | null {
  const match = /=== prompt \[[^\]]*\] ===\n([\s\S]*?)\n(?:=== |$)/.exec(log)
  return match?.[1] ?? null
}

function useStepLog(jobId: string | null, step: string, finished: boolean): string | null {
  const [log, setLog] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    setLog(null)
    if (!jobId) return
    call('runs.log', { jobId, step })
      .then((res) => live && setLog(res.text))
      .catch(() => live && setLog(''))
    return () => {
      live = false
    }
  }, [jobId, step, finished])
  return log
}

/** Esc closes the panel from anywhere and gives focus back to the node it belongs to. */
function useEscapeToClose(step: string, onClose: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || e.defaultPrevented) return
      e.preventDefault()
      const node = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(step)}"]`)
      onClose()
      // React Flow blurs a node on Escape in its next frame; take the focus back after that.
      requestAnimationFrame(() => requestAnimationFrame(() => node?.focus()))
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [step, onClose])
}

export function NodePanel({ step, onClose }: { step: string; onClose(): void }): React.JSX.Element {
  useEscapeToClose(step, onClose)
  const jobId = useRun((s) => s.jobId)
  const state = useRun((s) => s.steps[step])
  const status = state?.status ?? 'pending'
  const finished = status !== 'pending' && status !== 'waiting' && status !== 'running'
  const log = useStepLog(jobId, step, finished)
  const prompt = log ? promptFromLog(log) : null
  return (
    <aside className="node-panel" data-testid="node-panel" aria-label={`Step ${step}`}>
      <header>
        <h2>{step}</h2>
        <span className={`status-badge status-${status}`}>{STATUS_LABEL[status]}</span>
        <button className="close" onClick={onClose} aria-label="Close panel" data-testid="node-panel-close">
          ✕
        </button>
      </header>
      {state ? (
        <p className="muted">
          {state.agent} · {state.provider}/{state.model} · {formatDuration(state.durationS)} · {state.promptTokens + state.completionTokens}{' '}
          tokens · {formatCost(state.costUsd)}
          {state.attempts > 1 ? ` · ${state.attempts} attempts` : ''}
          {state.savedTokens > 0 ? ` · cached: ${state.savedTokens} tokens, ${formatCost(state.savedUsd)} saved` : ''}
        </p>
      ) : null}
      {state?.error ? (
        <div className="error-text">
          {state.error.kind}: {state.error.message}
        </div>
      ) : null}
      {state?.skipReason ? <div className="notice">Skipped: {state.skipReason}</div> : null}
      {state?.status === 'waiting' && state.waitingFor ? <div className="notice">{state.waitingFor}</div> : null}
      <StepActions key={`${jobId ?? ''}:${step}`} step={step} />

      <h3>Prompt</h3>
      <pre className="panel-pre" data-testid="node-prompt">
        {prompt ??
          (!jobId
            ? 'Not run yet: the prompt is rendered when the step starts.'
            : log === null
              ? 'loading…'
              : 'The prompt appears here once the step log is written (when the step ends).')}
      </pre>

      {state?.thinking ? (
        <details>
          <summary>Thinking</summary>
          <pre className="panel-pre" data-testid="node-thinking">
            {state.thinking}
          </pre>
        </details>
      ) : null}

      <h3>Output {state?.textTruncated ? '(last 512 KB)' : ''}</h3>
      <pre className="panel-pre" data-testid="node-output">
        {state?.text || '(no text yet)'}
      </pre>

      <h3>Tool calls ({state?.toolCalls.length ?? 0})</h3>
      <ul className="plain-list" data-testid="node-tool-calls">
        {state?.toolCalls.map((c, i) => (
          <li key={i} className={c.rejected ? 'error-text' : ''}>
            <code>{c.tool}</code> {c.path ?? ''} {c.rejected ? `— rejected: ${c.rejected}` : ''}
          </li>
        ))}
      </ul>

      <h3>Files written ({state?.files.length ?? 0})</h3>
      <ul className="plain-list" data-testid="node-files">
        {state?.files.map((f) => (
          <li key={f.path}>
            <button className="link" onClick={() => jobId && useAppStore.getState().showOutputs(jobId, f.path)}>
              {f.path}
            </button>
            <span className="muted"> {formatBytes(f.sizeBytes)}</span>
          </li>
        ))}
      </ul>

      {state && state.retries.length > 0 ? (
        <>
          <h3>Retries</h3>
          <ul className="plain-list">
            {state.retries.map((r, i) => (
              <li key={i}>
                attempt {r.attempt} after {r.delayMs} ms — {r.error.kind}: {r.error.message}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h3>Log</h3>
      <pre className="panel-pre" data-testid="node-log">
        {!jobId ? 'Not run yet.' : log === null ? 'loading…' : log || '(the log is written when the step ends)'}
      </pre>
    </aside>
  )
}
