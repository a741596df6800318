/**
 * What the rest of the core receives from the spec loader: a validated, resolved spec whose
 * steps are in topological order, every dependency exists, there is no cycle, and every
 * template reference points at an upstream step. The shapes are the zod schemas' (`z.infer`).
 */
import type { z } from 'zod'
import type { resolvedSpecSnapshotSchema, resolvedStepSchema } from './resolved-spec-schema'

export type ResolvedStep = z.infer<typeof resolvedStepSchema>

export interface SpecSource {
  /** Absolute path of the spec file, or a display name for text given directly. */
  path: string
  text: string
  sha256: string
  /** What the spec asked for that is accepted but not honoured (e.g. `output_dir`), as messages. */
  ignored?: string[]
}

/**
 * The resolved spec: the snapshot a run folder keeps (inputs/spec.resolved.json, see
 * resolved-spec-schema.ts for what each field means) plus the source text.
 */
export type ResolvedSpec = Omit<z.infer<typeof resolvedSpecSnapshotSchema>, 'source'> & { source: SpecSource }

/** One problem found in a spec, located as precisely as the input allows. */
export interface SpecIssue {
  /** zod-style path rendered like `steps[2].needs[0]`; '' for whole-file problems. */
  path: string
  message: string
  line?: number
  column?: number
}
