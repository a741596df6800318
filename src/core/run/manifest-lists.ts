/**
 * The list-shaped manifest fields (pending_steps, completed_steps, files) as a strategy the fold
 * edits through: `arrayLists` edits the manifest's own arrays (a rebuild from events.jsonl);
 * the recorder's ManifestState keeps them in sets and maps instead. Both give the same arrays.
 */
import type { Manifest, ManifestFile } from '../../shared/manifest'

/** Where the list-shaped manifest fields live while events are folded. */
export interface ManifestLists {
  /** A new job: these steps are pending, nothing is completed, no files. */
  reset(stepIds: readonly string[]): void
  /** The step is (again) unfinished. */
  open(stepId: string): void
  /** The step finished; `succeeded` decides whether it counts as completed. */
  finish(stepId: string, succeeded: boolean): void
  /** Adds a file, replacing an earlier entry for the same path in place. */
  upsertFile(file: ManifestFile): void
  /** The current entry for a path, if any. */
  fileAt(path: string): ManifestFile | undefined
}

function removeFrom(list: string[], id: string): void {
  const index = list.indexOf(id)
  if (index >= 0) list.splice(index, 1)
}

/** The plain-array strategy: edits the manifest's own arrays. */
export function arrayLists(manifest: Manifest): ManifestLists {
  return {
    reset(stepIds) {
      manifest.pending_steps = [...new Set(stepIds)]
      manifest.completed_steps = []
      manifest.files = []
    },
    open(stepId) {
      if (!manifest.pending_steps.includes(stepId)) manifest.pending_steps.push(stepId)
      removeFrom(manifest.completed_steps, stepId)
    },
    finish(stepId, succeeded) {
      removeFrom(manifest.pending_steps, stepId)
      if (!succeeded) removeFrom(manifest.completed_steps, stepId)
      else if (!manifest.completed_steps.includes(stepId)) manifest.completed_steps.push(stepId)
    },
    upsertFile(file) {
      const index = manifest.files.findIndex((f) => f.path === file.path)
      if (index >= 0) manifest.files[index] = file
      else manifest.files.push(file)
    },
    fileAt(path) {
      return manifest.files.find((f) => f.path === path)
    },
  }
}
