/**
 * Settings → Local model server: whether Ollama answers at the configured host (and, if not, how
 * to start it), its version, the installed models with sizes, and model pulls: a name field, a
 * Pull button, one progress bar per pull of this session (`role="progressbar"` with
 * `aria-valuenow`) and the error of a failed one. Status is read on mount and on Refresh.
 */
import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { MODEL_NAME_PATTERN } from '../../../../shared/ipc'
import { formatBytes } from '../../format'
import { pullPercent, useLocalStore, type PullProgress } from '../../stores/local-store'

function PullRow({ progress }: { progress: PullProgress }): React.JSX.Element {
  const percent = pullPercent(progress)
  const failed = progress.error !== undefined
  const state = failed ? 'failed' : progress.done ? 'done' : 'running'
  return (
    <li className={`pull-row pull-${state}`} data-testid="pull-row" data-model={progress.model} data-state={state}>
      <span className="pull-model">{progress.model}</span>
      <div
        className="pull-bar"
        role="progressbar"
        aria-label={`pulling ${progress.model}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        data-testid="pull-progress"
      >
        <div className="pull-bar-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="muted pull-status">
        {failed
          ? 'failed'
          : progress.done
            ? 'done ✓'
            : `${progress.status}${progress.total > 0 ? ` · ${formatBytes(progress.completed)} / ${formatBytes(progress.total)}` : ''}`}
      </span>
      {failed ? (
        <span className="error-text pull-error" data-testid="pull-error">
          {progress.error}
        </span>
      ) : null}
    </li>
  )
}

export function LocalServerSection(): React.JSX.Element {
  const { status, statusError, loading, pulls, pullError } = useLocalStore(
    useShallow((s) => ({ status: s.status, statusError: s.statusError, loading: s.loading, pulls: s.pulls, pullError: s.pullError })),
  )
  const [model, setModel] = useState('')
  useEffect(() => {
    void useLocalStore.getState().refresh()
  }, [])

  const name = model.trim()
  const validName = name.length > 0 && name.length <= 200 && MODEL_NAME_PATTERN.test(name)
  const ollama = status?.ollama
  const startPull = (): void => {
    if (!validName) return
    void useLocalStore
      .getState()
      .pull(name)
      .then(() => {
        if (useLocalStore.getState().pullError === null) setModel('')
      })
  }

  return (
    <section className="local-server" data-testid="local-server">
      <div className="local-server-head">
        <h3>Local model server</h3>
        <button type="button" data-testid="local-refresh" disabled={loading} onClick={() => void useLocalStore.getState().refresh()}>
          {loading ? 'Checking…' : 'Refresh'}
        </button>
      </div>
      {statusError ? (
        <p className="error-text" data-testid="local-status-error">
          {statusError}
        </p>
      ) : null}
      {!ollama && !statusError ? <p className="muted">Checking…</p> : null}
      {ollama ? (
        <dl className="local-facts">
          <dt>Ollama</dt>
          <dd data-testid="local-ollama-state" data-reachable={String(ollama.reachable)}>
            {ollama.reachable ? <span className="ok">reachable ✓</span> : <span className="error-text">not running</span>}
          </dd>
          <dt>Host</dt>
          <dd>
            <code data-testid="local-host">{ollama.host}</code>
          </dd>
          <dt>Version</dt>
          <dd data-testid="local-version">{ollama.version ?? '—'}</dd>
          {status ? (
            <>
              <dt>Profile</dt>
              <dd className="muted">
                {status.profile.name} · {status.profile.parallel} parallel
              </dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {ollama?.error ? (
        <p className="error-text" data-testid="local-ollama-error">
          {ollama.error}
        </p>
      ) : null}
      {ollama?.reachable ? (
        <>
          <h4>Installed models</h4>
          {ollama.models.length === 0 ? (
            <p className="muted" data-testid="local-no-models">
              No models yet: pull one below.
            </p>
          ) : (
            <ul className="local-models" data-testid="local-models">
              {ollama.models.map((m) => (
                <li key={m.name} data-testid="local-model" data-model={m.name}>
                  <code>{m.name}</code> <span className="muted">{formatBytes(m.size_bytes)}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
      <form
        className="pull-form"
        onSubmit={(e) => {
          e.preventDefault()
          startPull()
        }}
      >
        <input
          data-testid="pull-model"
          value={model}
          onChange={(e) => setModel(e.currentTarget.value)}
          placeholder="model, e.g. qwen3.5"
          aria-label="model to pull"
          maxLength={200}
        />
        <button type="submit" data-testid="pull-button" disabled={!validName || !ollama?.reachable}>
          Pull model
        </button>
      </form>
      {name.length > 0 && !validName ? <p className="error-text">not a model name such as qwen3.5 or llama3.2:1b</p> : null}
      {pullError ? (
        <p className="error-text" data-testid="pull-start-error">
          {pullError}
        </p>
      ) : null}
      {Object.keys(pulls).length > 0 ? (
        <ul className="pulls" data-testid="pulls">
          {Object.values(pulls).map((p) => (
            <PullRow key={p.model} progress={p} />
          ))}
        </ul>
      ) : null}
    </section>
  )
}
