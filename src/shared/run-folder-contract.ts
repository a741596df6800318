/**
 * Invoke channels for browsing a whole run folder (not only outputs/): the files of inputs/,
 * artifacts/, outputs/ or logs/, and one file's text. The core confines every path to the
 * chosen folder exactly as it does for outputs/.
 */
import { z } from 'zod'
import { jobIdSchema as jobId } from './ipc-fields'

const runFolderSchema = z.enum(['inputs', 'artifacts', 'outputs', 'logs'])
export type RunFolder = z.infer<typeof runFolderSchema>

export const runFileSchema = z.object({
  path: z.string(),
  content: z.string(),
  truncated: z.boolean(),
  binary: z.boolean(),
  sha256: z.string(),
  size_bytes: z.number(),
  media_type: z.string(),
})

export const runFolderContract = {
  'runs.folder': {
    req: z.object({ jobId, folder: runFolderSchema }).strict(),
    res: z.object({ folder: runFolderSchema, files: z.array(z.object({ path: z.string(), size_bytes: z.number() })) }),
  },
  'runs.file': {
    req: z.object({ jobId, folder: runFolderSchema, path: z.string().min(1).max(1024) }).strict(),
    res: runFileSchema,
  },
} as const
