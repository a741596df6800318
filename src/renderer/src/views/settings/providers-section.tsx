/**
 * Settings → Providers: for each server provider its base URL (Ollama's host and the OpenAI,
 * Anthropic and MLX base URLs; empty = the provider's default), the models it offers, and
 * "Test connection" for a chosen model. Listing and testing save the form first (the core reads
 * the saved URLs and keys), then the core lists the models or runs the same preflight a run
 * would (`providers.test`); the result, or the fix, is shown on the row.
 */
import { useEffect, useState } from 'react'
import type { InvokeResponse } from '../../../../shared/ipc'
import { SERVER_PROVIDERS, type ServerProvider } from '../../../../shared/provider-names'
import { call, errorText } from '../../api/call'
import type { ModelList } from './use-provider-models'

type TestResult = InvokeResponse<'providers.test'>

const PLACEHOLDER: Record<ServerProvider, string> = {
  ollama: 'http://127.0.0.1:11434',
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
  mlx: 'http://127.0.0.1:8080/v1',
}

export interface ProvidersSectionProps {
  urls: Record<ServerProvider, string>
  setUrl(provider: ServerProvider, url: string): void
  lists: Record<string, ModelList>
  loadModels(provider: string): Promise<void>
  /** Saves the form; resolves false when saving failed (the form shows why). */
  save(): Promise<boolean>
}

function ProviderRow({ provider, props }: { provider: ServerProvider; props: ProvidersSectionProps }): React.JSX.Element {
  const list = props.lists[provider]
  const [model, setModel] = useState('')
  const [result, setResult] = useState<TestResult | { ok: false; message: string; model: string } | null>(null)
  const [testing, setTesting] = useState(false)
  const url = props.urls[provider]
  useEffect(() => setResult(null), [url])
  const test = async (): Promise<void> => {
    setTesting(true)
    setResult(null)
    try {
      if (await props.save()) setResult(await call('providers.test', { provider, ...(model ? { model } : {}) }))
    } catch (err) {
      setResult({ ok: false, message: errorText(err), model })
    } finally {
      setTesting(false)
    }
  }
  return (
    <tr data-testid="provider-row" data-provider={provider}>
      <th scope="row">{provider}</th>
      <td>
        <input
          aria-label={`${provider} base URL`}
          data-testid={`base-url-${provider}`}
          value={props.urls[provider]}
          placeholder={PLACEHOLDER[provider]}
          onChange={(e) => props.setUrl(provider, e.currentTarget.value)}
        />
      </td>
      <td>
        <select
          aria-label={`${provider} model to test`}
          data-testid={`test-model-${provider}`}
          value={model}
          onChange={(e) => setModel(e.currentTarget.value)}
        >
          <option value="">default model</option>
          {list?.models.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>{' '}
        <button
          type="button"
          className="link"
          data-testid={`list-models-${provider}`}
          onClick={() => void props.save().then((ok) => (ok ? props.loadModels(provider) : undefined))}
        >
          {list?.loading ? 'listing…' : list ? `${list.models.length} models ↻` : 'list models'}
        </button>
        {list?.error ? (
          <div className="error-text provider-error" data-testid={`models-error-${provider}`}>
            {list.error}
          </div>
        ) : null}
      </td>
      <td>
        <button type="button" data-testid={`test-${provider}`} disabled={testing} onClick={() => void test()}>
          {testing ? 'Testing…' : 'Test connection'}
        </button>
        {result ? (
          <div className={result.ok ? 'ok' : 'error-text'} data-testid={`test-result-${provider}`} data-ok={String(result.ok)}>
            {result.ok ? '✓ ' : '✗ '}
            {result.message}
          </div>
        ) : null}
      </td>
    </tr>
  )
}

export function ProvidersSection(props: ProvidersSectionProps): React.JSX.Element {
  return (
    <section className="providers-section" data-testid="providers-section">
      <h3>Providers</h3>
      <table className="data-table">
        <thead>
          <tr>
            <th>Provider</th>
            <th>Base URL</th>
            <th>Models</th>
            <th>Connection</th>
          </tr>
        </thead>
        <tbody>
          {SERVER_PROVIDERS.map((p) => (
            <ProviderRow key={p} provider={p} props={props} />
          ))}
        </tbody>
      </table>
    </section>
  )
}
