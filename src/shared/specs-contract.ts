/**
 * Invoke channels of the spec editor: the specs saved in `<runsDir>/specs/`, one spec's text,
 * and save (a new name refuses to overwrite unless asked). Names are plain file names ending in
 * .yaml or .yml, so a path can never leave that folder.
 */
import { z } from 'zod'
import { specTextSchema as specText } from './ipc-fields'

export const SPEC_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.ya?ml$/
const specNameSchema = z.string().regex(SPEC_NAME_PATTERN, 'a spec name is a file name such as my-spec.yaml (letters, digits, . _ -)')

const savedSpecSchema = z.object({ name: z.string(), size_bytes: z.number(), modified_at: z.string() })

export const specsContract = {
  'specs.list': {
    req: z.object({}).strict(),
    res: z.object({ dir: z.string(), specs: z.array(savedSpecSchema) }),
  },
  'specs.read': {
    req: z.object({ name: specNameSchema }).strict(),
    res: z.object({ name: z.string(), text: z.string() }),
  },
  'specs.save': {
    req: z.object({ name: specNameSchema, text: specText, overwrite: z.boolean().optional() }).strict(),
    res: z.object({ name: z.string(), path: z.string(), size_bytes: z.number() }),
  },
} as const
