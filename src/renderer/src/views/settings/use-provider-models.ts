/**
 * `useProviderModels()`: the models each provider offers (`providers.models`), read on demand
 * and cached per provider until `reload`; 'auto' shares Ollama's list (auto prefers Ollama).
 */
import { useCallback, useState } from 'react'
import { call, errorText } from '../../api/call'

export interface ModelList {
  models: string[]
  error?: string
  loading: boolean
}

export function listKey(provider: string): string {
  return provider === 'auto' ? 'ollama' : provider
}

export function useProviderModels(): { lists: Record<string, ModelList>; load(provider: string): Promise<void> } {
  const [lists, setLists] = useState<Record<string, ModelList>>({})
  const load = useCallback(async (provider: string) => {
    const key = listKey(provider)
    setLists((l) => ({ ...l, [key]: { models: l[key]?.models ?? [], loading: true } }))
    try {
      const res = await call('providers.models', { provider: key })
      setLists((l) => ({ ...l, [key]: { models: res.models, loading: false, ...(res.error ? { error: res.error } : {}) } }))
    } catch (err) {
      setLists((l) => ({ ...l, [key]: { models: [], loading: false, error: errorText(err) } }))
    }
  }, [])
  return { lists, load }
}
