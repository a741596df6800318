/**
 * Remembers, per running job, a signature of every step and file row last written to SQLite, so
 * that a flush rewrites only the rows that changed (a 10,000-step run flushes its manifest many
 * times; rewriting every row each time made the index the dominant cost of persistence).
 * Steps still pending in a running job are not indexed yet (the run row counts them). A job is
 * forgotten once its manifest is no longer `running`.
 */
import type { Manifest, ManifestFile, ManifestStep } from '../../shared/manifest'

export interface RowDiff {
  /** True when nothing of this job was written before: replace all of its rows. */
  fresh: boolean
  steps: { id: string; step: ManifestStep; ord: number }[]
  files: { file: ManifestFile; ord: number }[]
}

interface JobMemo {
  steps: Map<string, string>
  files: Map<string, string>
}

const SEP = '\u0001'

function stepSignature(s: ManifestStep, ord: number): string {
  return (
    `${ord}${SEP}${s.status}${SEP}${s.provider}${SEP}${s.model}${SEP}${s.attempts}${SEP}${s.provider_calls}${SEP}` +
    `${s.started_at ?? ''}${SEP}${s.finished_at ?? ''}${SEP}${s.duration_s ?? ''}${SEP}${s.usage.prompt_tokens}${SEP}` +
    `${s.usage.completion_tokens}${SEP}${s.cost_usd ?? ''}${SEP}${s.saved_tokens}${SEP}${s.saved_usd ?? ''}${SEP}${s.cache_hit}${SEP}` +
    `${s.error?.kind ?? ''}${SEP}${s.error?.message ?? ''}${SEP}${s.needs.length}`
  )
}

function fileSignature(f: ManifestFile, ord: number): string {
  return `${ord}\u0001${f.sha256}\u0001${f.size_bytes}\u0001${f.media_type}\u0001${f.step}`
}

export class RowMemo {
  private readonly jobs = new Map<string, JobMemo>()

  /** The rows of `manifest` that differ from the last write; records them as written. */
  diff(manifest: Manifest): RowDiff {
    const known = this.jobs.get(manifest.job_id)
    const memo: JobMemo = known ?? { steps: new Map(), files: new Map() }
    const result: RowDiff = { fresh: known === undefined, steps: [], files: [] }
    let ord = 0
    const running = manifest.status === 'running'
    const steps = manifest.steps
    for (const id of Object.keys(steps)) {
      const step = steps[id]!
      // A step is indexed once it has started (or the run ended): pending rows carry nothing new.
      if (running && step.status === 'pending') {
        ord++
        continue
      }
      const signature = stepSignature(step, ord)
      if (memo.steps.get(id) !== signature) {
        memo.steps.set(id, signature)
        result.steps.push({ id, step, ord })
      }
      ord++
    }
    const stepCount = ord
    ord = 0
    for (const file of manifest.files) {
      const signature = fileSignature(file, ord)
      if (memo.files.get(file.path) !== signature) {
        memo.files.set(file.path, signature)
        result.files.push({ file, ord })
      }
      ord++
    }
    if (known && (memo.steps.size > stepCount || memo.files.size > manifest.files.length)) {
      // Rows disappeared from the manifest (it was rebuilt): rewrite the job's rows from scratch.
      this.jobs.delete(manifest.job_id)
      return this.diff(manifest)
    }
    if (manifest.status === 'running') this.jobs.set(manifest.job_id, memo)
    else this.jobs.delete(manifest.job_id)
    return result
  }

  forget(jobId: string): void {
    this.jobs.delete(jobId)
  }

  clear(): void {
    this.jobs.clear()
  }
}
