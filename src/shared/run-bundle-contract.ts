/**
 * Invoke channels for moving a run between machines as one .zip bundle: export writes
 * `<runs>/exports/<job_id>.zip` and says where; import takes the bytes of a dropped bundle
 * (base64, at most 6 MB of zip through this channel; larger ones with `orchestrator import`).
 */
import { z } from 'zod'
import { bundleFileNameSchema, jobIdSchema as jobId } from './ipc-fields'

const MAX_IMPORT_BASE64 = 8 * 1024 * 1024

export const runBundleContract = {
  'runs.export': {
    req: z.object({ jobId }).strict(),
    res: z.object({ jobId: z.string(), file: z.string(), zipBytes: z.number() }),
  },
  'runs.import': {
    req: z
      .object({
        fileName: bundleFileNameSchema,
        dataBase64: z.string().max(MAX_IMPORT_BASE64, 'the bundle is over 6 MB; import it with `orchestrator import <file>`'),
      })
      .strict(),
    res: z.object({ jobId: z.string(), originalJobId: z.string() }),
  },
} as const
