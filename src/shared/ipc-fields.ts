/**
 * The request fields several invoke contracts (and the browser mode's bundle routes) check the
 * same way, defined once so every channel refuses the same inputs with the same message: a job
 * id, a spec's text and file name, a spec to run (or estimate) on a provider and model, a run
 * bundle's file name.
 */
import { z } from 'zod'

export const jobIdSchema = z.string().regex(/^job_[0-9a-f]{12}$/, 'not a job id')
export const specTextSchema = z.string().max(2 * 1024 * 1024)
export const specFileNameSchema = z.string().max(260)
/** A spec as the editor holds it, with the provider and model chosen next to Run (both optional). */
export const specRunSchema = z
  .object({
    text: specTextSchema,
    fileName: specFileNameSchema,
    provider: z.string().max(50).optional(),
    model: z.string().max(200).optional(),
  })
  .strict()
export const bundleFileNameSchema = z
  .string()
  .max(260)
  .regex(/\.zip$/i, 'a run bundle is a .zip file')
