/**
 * The step.waiting event of a step that is ready but held back because its provider already runs
 * as many steps as it takes at once (the scheduler's group limit). For Ollama it names the
 * variable that raises the limit (see machine/ollama-parallelism).
 */
import type { RunEventInput } from '../../shared/run-event'
import { ollamaSlotHint } from '../machine/ollama-parallelism'
import type { ModelProvider } from '../providers/types'

export function slotWaitingEvent(step: string, provider: Pick<ModelProvider, 'name' | 'maxConcurrency'>): RunEventInput {
  const limit = provider.maxConcurrency
  return {
    type: 'step.waiting',
    step,
    reason: 'provider_slot',
    provider: provider.name,
    limit,
    ...(provider.name === 'ollama' ? { hint: ollamaSlotHint(limit) } : {}),
  }
}
