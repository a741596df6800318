/**
 * Invoke channels of the Settings' providers section: the models a provider offers (Ollama's
 * installed models, the model list of an OpenAI-compatible server or of Anthropic), and
 * "Test connection", which runs the core's preflight for one provider and model.
 */
import { z } from 'zod'

const providerName = z.string().min(1).max(50)

export const providersContract = {
  'providers.models': {
    req: z.object({ provider: providerName }).strict(),
    res: z.object({
      provider: z.string(),
      models: z.array(z.string()),
      /** Why the list could not be read, naming the fix (the list is then empty). */
      error: z.string().optional(),
    }),
  },
  'providers.test': {
    req: z.object({ provider: providerName, model: z.string().max(200).optional() }).strict(),
    res: z.object({
      provider: z.string(),
      model: z.string(),
      ok: z.boolean(),
      /** What was checked, or what failed and how to fix it. */
      message: z.string(),
      kind: z.string().optional(),
    }),
  },
} as const
