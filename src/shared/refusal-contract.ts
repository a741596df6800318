/**
 * Invoke channel for the runs the core refused before they started (preflight): each with when,
 * which spec and provider, and the typed error's kind and message (which names the fix).
 */
import { z } from 'zod'

export const refusalSchema = z.object({
  ts: z.string(),
  fileName: z.string(),
  project: z.string(),
  provider: z.string(),
  kind: z.string(),
  message: z.string(),
})
export type Refusal = z.infer<typeof refusalSchema>

export const refusalContract = {
  'runs.refused': {
    req: z.object({ limit: z.number().int().min(1).max(200).optional() }).strict(),
    res: z.object({ refusals: z.array(refusalSchema) }),
  },
} as const
