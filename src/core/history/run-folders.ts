/**
 * Finding and reading run folders for the history index: a run folder is `<runsDir>/<job_id>`
 * (isJobId / runPaths) with a `manifest.json` inside. Reading never throws for a bad manifest; it
 * returns the reason so callers can report and skip it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { readTail } from '../fs/read-tail'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { manifestSchema, type Manifest } from '../../shared/manifest'
import { isJobId } from '../run/job-id'
import { runPaths } from '../run/run-paths'

const MANIFEST_FILE = 'manifest.json'

export interface RunFolder {
  jobId: string
  dir: string
  manifestPath: string
  eventsPath: string
}

export type ManifestRead = { ok: true; manifest: Manifest } | { ok: false; reason: string }

/** Every `<runsDir>/<job_id>` directory, sorted by name; an unreadable runsDir yields []. */
export function listRunFolders(runsDir: string): RunFolder[] {
  const root = resolve(runsDir)
  let entries
  try {
    entries = readdirSync(root, { withFileTypes: true })
  } catch {
    return []
  }
  return entries
    .filter((e) => e.isDirectory() && isJobId(e.name))
    .map((e) => {
      const paths = runPaths(root, e.name)
      return { jobId: e.name, dir: paths.root, manifestPath: paths.manifest, eventsPath: paths.events }
    })
    .sort((a, b) => (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0))
}

/** What tells a changed manifest.json from the one that was indexed, without reading it. */
export interface ManifestStamp {
  mtimeMs: number
  size: number
}

export function manifestStamp(dir: string): ManifestStamp | null {
  try {
    const st = statSync(join(dir, MANIFEST_FILE), { throwIfNoEntry: false })
    return st === undefined ? null : { mtimeMs: st.mtimeMs, size: st.size }
  } catch {
    return null
  }
}

export function sameStamp(a: ManifestStamp | null | undefined, b: ManifestStamp | null): boolean {
  return a !== null && a !== undefined && b !== null && a.mtimeMs === b.mtimeMs && a.size === b.size
}

/** Reads and validates a manifest.json; never throws — a problem comes back as its reason. */
export function readManifestFile(path: string): ManifestRead {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : 'unknown'
    return { ok: false, reason: code === 'ENOENT' ? 'no manifest.json' : `manifest.json unreadable (${code})` }
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'manifest.json is not valid JSON' }
  }
  const parsed = manifestSchema().safeParse(json)
  if (!parsed.success) {
    return { ok: false, reason: `manifest.json does not match the schema: ${z.prettifyError(parsed.error)}` }
  }
  return { ok: true, manifest: parsed.data }
}

/**
 * The `status` a manifest.json states, from JSON.parse alone (no schema): a cheap filter before
 * readRunManifest validates it in full. Null when the file is missing, not JSON or has no status.
 */
export function manifestStatus(path: string): string | null {
  try {
    const json: unknown = JSON.parse(readFileSync(path, 'utf8'))
    return typeof json === 'object' && json !== null && 'status' in json && typeof json.status === 'string' ? json.status : null
  } catch {
    return null
  }
}

/** A run folder's manifest, which must also name the folder's own job. */
export function readRunManifest(folder: RunFolder): ManifestRead {
  const read = readManifestFile(folder.manifestPath)
  if (read.ok && read.manifest.job_id !== folder.jobId) {
    return { ok: false, reason: `manifest.json names job ${read.manifest.job_id}, not its folder ${folder.jobId}` }
  }
  return read
}

const TAIL_BYTES = 64 * 1024
const eventTsSchema = z.object({ ts: z.string() })

/** `ts` of the last complete, parseable line of events.jsonl (a torn last line is ignored). */
export function lastEventTs(eventsPath: string): string | null {
  const tail = readTail(eventsPath, TAIL_BYTES)
  if (!tail) return null
  const lines = tail.text.split('\n')
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]?.trim()
    if (!line) continue
    try {
      const ev = eventTsSchema.safeParse(JSON.parse(line))
      if (ev.success && !Number.isNaN(Date.parse(ev.data.ts))) return ev.data.ts
    } catch {
      // torn or partial line: keep looking further back
    }
  }
  return null
}
