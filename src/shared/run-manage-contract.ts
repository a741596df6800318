/**
 * Invoke channels for managing runs and previewing cost: delete a finished run (its folder and
 * history row together), and estimate a spec before running it — per step and in total, expected
 * and worst case, tokens and dollars (null dollars: a model without a known price).
 */
import { z } from 'zod'
import { jobIdSchema as jobId, specRunSchema } from './ipc-fields'

const tokensAndUsd = z.object({ tokens: z.number(), usd: z.number().nullable() })

const runEstimateSchema = z.object({
  steps: z.array(
    z.object({
      step: z.string(),
      provider: z.string(),
      model: z.string(),
      pricing: z.enum(['priced', 'free', 'unknown']),
      expected: tokensAndUsd,
      worst: tokensAndUsd,
    }),
  ),
  expected: tokensAndUsd,
  worst: tokensAndUsd,
  unpriced: z.array(z.string()),
})

export const runManageContract = {
  'runs.delete': {
    req: z.object({ jobId }).strict(),
    res: z.object({ deleted: z.array(z.string()) }),
  },
  'runs.estimate': {
    req: specRunSchema,
    res: runEstimateSchema,
  },
} as const
