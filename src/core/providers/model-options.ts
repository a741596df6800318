/**
 * Sampling and runtime options a step passes to its model, as a spec writes them (`options:`)
 * and as every adapter receives them. The schema is the one definition; an option a provider
 * does not know is ignored by that adapter.
 */
import { z } from 'zod'

const int = (min: number, max: number) => z.number().int().min(min).max(max)

export const modelOptionsSchema = z.strictObject({
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  max_tokens: int(1, 10_000_000).optional(),
  seed: z.number().int().optional(),
  num_ctx: int(1, 10_000_000).optional(),
  num_predict: int(-2, 10_000_000).optional(),
  num_thread: int(1, 4096).optional(),
  num_batch: int(1, 1_000_000).optional(),
  num_gpu: int(-1, 100_000).optional(),
})

export type ModelOptions = z.infer<typeof modelOptionsSchema>
