/**
 * Which provider and model each step would use, decided offline for the cost preview: the same
 * precedence as a run (--provider/--model, then $PROVIDER, then step > agent > spec, then auto)
 * without contacting any server. `auto` is priced as a local model (it picks Ollama or the
 * offline demo, both free) and is shown as `auto`.
 */
import { defaultModelFor } from '../providers/provider-registry'
import type { ResolvedSpec } from '../spec/types'
import type { StepModel } from './estimate'

export function plannedModels(
  spec: ResolvedSpec,
  overrides: { provider?: string; model?: string },
  env: NodeJS.ProcessEnv,
): Map<string, StepModel> {
  const models = new Map<string, StepModel>()
  const envProvider = env.PROVIDER?.trim() || undefined
  for (const step of spec.steps) {
    const provider = overrides.provider ?? envProvider ?? step.provider ?? 'auto'
    const model = overrides.model ?? step.model ?? defaultModelFor(provider, env)
    models.set(step.id, { provider: provider === 'auto' ? 'ollama' : provider, model })
  }
  return models
}
