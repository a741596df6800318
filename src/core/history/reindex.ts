/**
 * Rebuilds the history index from every `runs/<job_id>/manifest.json`: all rows are deleted and
 * every readable manifest inserted in one transaction, so readers see the old index or the new
 * one. Folders whose manifest is missing or does not parse are reported, never thrown.
 */
import type { HistoryDb, ManifestItem } from './history-db'
import { listRunFolders, readRunManifest } from './run-folders'

export interface ReindexResult {
  indexed: number
  /** Run folders whose manifest is missing or damaged: listed as corrupt, never silently dropped. */
  skipped: { jobId: string; dir: string; reason: string }[]
}

export function reindex(runsDir: string, db: HistoryDb): ReindexResult {
  const items: ManifestItem[] = []
  const skipped: ReindexResult['skipped'] = []
  for (const folder of listRunFolders(runsDir)) {
    const read = readRunManifest(folder)
    if (read.ok) items.push({ manifest: read.manifest, runDir: folder.dir })
    else skipped.push({ jobId: folder.jobId, dir: folder.dir, reason: read.reason })
  }
  db.replaceAll(items)
  return { indexed: items.length, skipped }
}
