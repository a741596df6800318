/**
 * The recorder's live manifest: the same fold as `applyEvent`, with pending_steps,
 * completed_steps and files kept in insertion-ordered sets and maps so every event costs O(1).
 * The arrays are materialised only when read (`snapshot`) and only if they changed, and in the
 * same order `applyEvent` would produce.
 */
import type { Manifest, ManifestFile } from '../../shared/manifest'
import type { RunEvent } from '../../shared/run-event'
import { initialManifest, type ManifestInit } from './manifest-init'
import type { ManifestLists } from './manifest-lists'
import { reduceEvent } from './manifest-reducer'

export class ManifestState implements ManifestLists {
  private readonly live: Manifest
  private pending = new Set<string>()
  private completed = new Set<string>()
  private files = new Map<string, ManifestFile>()
  private listsDirty = false
  private stepTotal: number

  /** A new manifest from `init`, or an existing one (a job continued in place) taken over as is. */
  constructor(init: ManifestInit | { existing: Manifest }) {
    this.live = 'existing' in init ? structuredClone(init.existing) : initialManifest(init)
    this.pending = new Set(this.live.pending_steps)
    this.completed = new Set(this.live.completed_steps)
    for (const file of this.live.files) this.files.set(file.path, file)
    this.stepTotal = Object.keys(this.live.steps).length
  }

  /** Steps listed by the graph (for sizing decisions only). */
  get stepCount(): number {
    return this.stepTotal
  }

  /** Folds one event in; returns false when the manifest did not change. */
  apply(event: RunEvent): boolean {
    return reduceEvent(this.live, event, this)
  }

  /** The manifest with its arrays up to date. The object is live: later events change it. */
  snapshot(): Manifest {
    if (this.listsDirty) {
      this.live.pending_steps = [...this.pending]
      this.live.completed_steps = [...this.completed]
      this.live.files = [...this.files.values()]
      this.listsDirty = false
    }
    return this.live
  }

  reset(stepIds: readonly string[]): void {
    this.pending = new Set(stepIds)
    this.stepTotal = this.pending.size
    this.completed = new Set()
    this.files = new Map()
    this.listsDirty = true
  }

  open(stepId: string): void {
    this.pending.add(stepId)
    this.completed.delete(stepId)
    this.listsDirty = true
  }

  finish(stepId: string, succeeded: boolean): void {
    this.pending.delete(stepId)
    if (succeeded) this.completed.add(stepId)
    else this.completed.delete(stepId)
    this.listsDirty = true
  }

  fileAt(path: string): ManifestFile | undefined {
    return this.files.get(path)
  }

  upsertFile(file: ManifestFile): void {
    this.files.set(file.path, file)
    this.listsDirty = true
  }
}
