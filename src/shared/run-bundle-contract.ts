/**
 * Invoke channels for moving a run between machines as one .zip bundle: export writes
 * `<runs>/exports/<job_id>.zip` and says where; import takes the bytes of a dropped bundle
 * (base64, at most 6 MB of zip through this channel; larger ones with `orchestrator import`).
 */
import { z } from 'zod'

const jobId = z.string().regex(/^job_[0-9a-f]{12}$/, 'not a job id')
export const MAX_IMPORT_BASE64 = 8 * 1024 * 1024

export const runBundleContract = {
  'runs.export': {
    req: z.object({ jobId }).strict(),
    res: z.object({ jobId: z.string(), file: z.string(), zipBytes: z.number() }),
  },
  'runs.import': {
    req: z
      .object({
        fileName: z
          .string()
          .max(260)
          .regex(/\.zip$/i, 'a run bundle is a .zip file'),
        dataBase64: z.string().max(MAX_IMPORT_BASE64, 'the bundle is over 6 MB; import it with `orchestrator import <file>`'),
      })
      .strict(),
    res: z.object({ jobId: z.string(), originalJobId: z.string() }),
  },
} as const
