/**
 * The step.waiting event of a step that is ready but held back because its provider already runs
 * as many steps as it takes at once (the scheduler's group limit), with the provider's own word
 * on how to raise it (Ollama: OLLAMA_NUM_PARALLEL, or why a model cannot run in parallel).
 */
import type { RunEventInput } from '../../shared/run-event'
import type { ModelProvider } from '../providers/types'

export function slotWaitingEvent(step: string, provider: Pick<ModelProvider, 'name' | 'maxConcurrency' | 'slotHint'>): RunEventInput {
  const limit = provider.maxConcurrency
  return {
    type: 'step.waiting',
    step,
    reason: 'provider_slot',
    provider: provider.name,
    limit,
    ...(provider.slotHint ? { hint: provider.slotHint } : {}),
  }
}
