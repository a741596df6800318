/**
 * The portable bundle: a zip of one run folder (manifest.json, events.jsonl, inputs/, outputs/,
 * logs/, artifacts/, versions/ and the .cache/ entries the run used) plus `bundle.json`, which
 * lists every other entry with its SHA-256 and size. Import trusts nothing in the zip until each
 * entry's bytes match this list, and each output file matches manifest.json. Limits bound what an
 * import may unpack (per file, in total, entry count) so a zip bomb is refused up front.
 */
import { z } from 'zod'
import { splitRequestedPath } from '../tools/safe-path'

export const BUNDLE_FILE = 'bundle.json'
export const BUNDLE_FORMAT = 1

/** Top-level names a run folder may contain in a bundle. */
const BUNDLE_TOP_FILES = new Set(['manifest.json', 'events.jsonl'])
const BUNDLE_TOP_DIRS = new Set(['inputs', 'outputs', 'logs', 'artifacts', 'versions', '.cache'])

const bundleEntrySchema = z.strictObject({
  path: z.string().min(1).max(1024),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size_bytes: z.number().int().nonnegative(),
})

export const bundleIndexSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  job_id: z.string(),
  app_version: z.string(),
  created_at: z.string(),
  entries: z.array(bundleEntrySchema),
})

export type BundleEntry = z.infer<typeof bundleEntrySchema>
export type BundleIndex = z.infer<typeof bundleIndexSchema>

export interface BundleLimits {
  /** Largest single file (uncompressed). */
  maxFileBytes: number
  /** All files together (uncompressed). */
  maxTotalBytes: number
  maxEntries: number
}

export const DEFAULT_BUNDLE_LIMITS: BundleLimits = {
  maxFileBytes: 256 * 1024 * 1024,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  maxEntries: 200_000,
}

/** Why a bundle entry name is refused, or undefined when it is a plain relative path of a run folder. */
export function entryNameProblem(name: string): string | undefined {
  if (name === BUNDLE_FILE) return undefined
  if (name.includes('\\')) return 'contains a backslash'
  const split = splitRequestedPath(name)
  if (typeof split === 'string') return split
  if (split.join('/') !== name) return 'is not a normalised relative path'
  const top = split[0] ?? ''
  if (split.length === 1 ? !BUNDLE_TOP_FILES.has(top) : !BUNDLE_TOP_DIRS.has(top)) return 'is not part of a run folder'
  return undefined
}
