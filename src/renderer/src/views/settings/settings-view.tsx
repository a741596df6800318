/**
 * Settings: default provider and model (picked from the provider's model list, or typed), API
 * keys, the providers' base URLs with "Test connection", and the local model server section
 * (status and model pulls). Keys are write-only: the form sends a new key or a removal, and only
 * "stored ✓" comes back. Saving re-reads the local server status (the host may change).
 */
import { useEffect, useState } from 'react'
import type { InvokeResponse } from '../../../../shared/ipc'
import { call, errorText } from '../../api/call'
import { useLocalStore } from '../../stores/local-store'
import { PROVIDER_CHOICES } from '../../../../shared/provider-names'
import type { ServerProvider } from '../../../../shared/provider-names'
import { LocalServerSection } from './local-server-section'
import { ProvidersSection } from './providers-section'
import { listKey, useProviderModels } from './use-provider-models'

type Settings = InvokeResponse<'settings.get'>

function KeyField({
  label,
  stored,
  value,
  onChange,
  onRemove,
  testId,
}: {
  label: string
  stored: boolean
  value: string
  onChange(v: string): void
  onRemove(): void
  testId: string
}): React.JSX.Element {
  return (
    <label className="field">
      <span>{label}</span>
      <input
        type="password"
        autoComplete="off"
        data-testid={testId}
        placeholder={stored ? 'stored — type to replace' : 'not set'}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
      {stored ? (
        <span className="ok" data-testid={`${testId}-stored`}>
          stored ✓{' '}
          <button className="link" onClick={onRemove}>
            remove
          </button>
        </span>
      ) : null}
    </label>
  )
}

export function SettingsView(): React.JSX.Element {
  const [settings, setSettings] = useState<Settings | null>(null)
  const [host, setHost] = useState('')
  const [provider, setProvider] = useState('auto')
  const [model, setModel] = useState('')
  const [openaiKey, setOpenaiKey] = useState('')
  const [anthropicKey, setAnthropicKey] = useState('')
  const [message, setMessage] = useState<string | null>(null)
  const [baseUrls, setBaseUrls] = useState({ openai: '', anthropic: '', mlx: '' })
  const { lists, load } = useProviderModels()

  const adopt = (s: Settings): void => {
    setSettings(s)
    setHost(s.ollamaHost)
    setBaseUrls(s.baseUrls)
    setProvider(s.defaultProvider || 'auto')
    setModel(s.defaultModel)
  }
  useEffect(() => {
    call('settings.get', {})
      .then(adopt)
      .catch((err: unknown) => setMessage(errorText(err)))
  }, [])

  useEffect(() => {
    if (provider !== 'demo') void load(provider)
  }, [provider, load])

  const save = async (extra: { openaiKey?: string | null; anthropicKey?: string | null } = {}): Promise<boolean> => {
    try {
      const res = await call('settings.set', {
        ollamaHost: host.trim(),
        baseUrls,
        defaultProvider: provider,
        defaultModel: model.trim(),
        ...(openaiKey ? { openaiKey } : {}),
        ...(anthropicKey ? { anthropicKey } : {}),
        ...extra,
      })
      adopt(res)
      void useLocalStore.getState().refresh()
      setOpenaiKey('')
      setAnthropicKey('')
      setMessage('Saved.')
      return true
    } catch (err) {
      setMessage(errorText(err))
      return false
    }
  }
  const urls: Record<ServerProvider, string> = { ollama: host, ...baseUrls }
  const setUrl = (p: ServerProvider, url: string): void => (p === 'ollama' ? setHost(url) : setBaseUrls((b) => ({ ...b, [p]: url })))
  const picks = lists[listKey(provider)]

  if (!settings)
    return (
      <section className="settings-view" data-testid="settings-view">
        <p className="muted">{message ?? 'Loading…'}</p>
      </section>
    )
  return (
    <section className="settings-view" data-testid="settings-view">
      <h2>Settings</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <label className="field">
          <span>Default provider</span>
          <select data-testid="settings-provider" value={provider} onChange={(e) => setProvider(e.currentTarget.value)}>
            {PROVIDER_CHOICES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Default model</span>
          <select
            data-testid="settings-model-picker"
            aria-label="Pick a model the provider offers"
            value={picks?.models.includes(model) ? model : ''}
            onChange={(e) => setModel(e.currentTarget.value)}
          >
            <option value="">
              {picks?.loading ? 'listing models…' : picks?.models.length ? 'pick an installed model…' : 'no models listed'}
            </option>
            {picks?.models.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
          <input
            data-testid="settings-model"
            aria-label="Default model"
            value={model}
            onChange={(e) => setModel(e.currentTarget.value)}
            placeholder="provider default"
          />
        </label>
        {picks?.error ? (
          <p className="error-text" data-testid="settings-model-error">
            {picks.error}
          </p>
        ) : null}
        <KeyField
          label="OpenAI API key"
          testId="settings-openai-key"
          stored={settings.keys.openai}
          value={openaiKey}
          onChange={setOpenaiKey}
          onRemove={() => void save({ openaiKey: null })}
        />
        <KeyField
          label="Anthropic API key"
          testId="settings-anthropic-key"
          stored={settings.keys.anthropic}
          value={anthropicKey}
          onChange={setAnthropicKey}
          onRemove={() => void save({ anthropicKey: null })}
        />
        <ProvidersSection urls={urls} setUrl={setUrl} lists={lists} loadModels={load} save={() => save()} />
        <button type="submit" className="primary" data-testid="settings-save">
          Save
        </button>
        {message ? (
          <span className="notice" data-testid="settings-message">
            {message}
          </span>
        ) : null}
      </form>
      <LocalServerSection />
    </section>
  )
}
