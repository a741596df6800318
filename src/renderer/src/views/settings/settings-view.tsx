/**
 * Settings: Ollama host, default provider and model, API keys, and the local model server
 * section (status and model pulls). Keys are write-only: the form sends a new key or a removal,
 * and only "stored ✓" comes back. Saving re-reads the local server status (the host may change).
 */
import { useEffect, useState } from 'react'
import type { InvokeResponse } from '../../../../shared/ipc'
import { call, errorText } from '../../api/call'
import { useLocalStore } from '../../stores/local-store'
import { PROVIDER_CHOICES } from '../../../../shared/provider-names'
import { LocalServerSection } from './local-server-section'

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

  const adopt = (s: Settings): void => {
    setSettings(s)
    setHost(s.ollamaHost)
    setProvider(s.defaultProvider || 'auto')
    setModel(s.defaultModel)
  }
  useEffect(() => {
    call('settings.get', {})
      .then(adopt)
      .catch((err: unknown) => setMessage(errorText(err)))
  }, [])

  const save = async (extra: { openaiKey?: string | null; anthropicKey?: string | null } = {}): Promise<void> => {
    try {
      const res = await call('settings.set', {
        ollamaHost: host.trim(),
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
    } catch (err) {
      setMessage(errorText(err))
    }
  }

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
          <span>Ollama host</span>
          <input
            data-testid="settings-ollama-host"
            value={host}
            onChange={(e) => setHost(e.currentTarget.value)}
            placeholder="http://127.0.0.1:11434"
          />
        </label>
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
          <input
            data-testid="settings-model"
            value={model}
            onChange={(e) => setModel(e.currentTarget.value)}
            placeholder="provider default"
          />
        </label>
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
