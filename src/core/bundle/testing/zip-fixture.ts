/**
 * Test helper: writes zip files with yazl entry by entry (names, bytes and modes as given), and
 * builds bundles of a run folder with chosen changes, to feed hostile input to importRun.
 */
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs'
import { pipeline } from 'node:stream/promises'
import yazl from 'yazl'
import { sha256Hex } from '../../sha256'
import { walkFiles } from '../../fs/walk-files'
import { join } from 'node:path'

export interface ZipItem {
  name: string
  data: Buffer | string
  mode?: number
}

export async function writeZip(path: string, items: readonly ZipItem[]): Promise<void> {
  const zip = new yazl.ZipFile()
  for (const item of items) {
    zip.addBuffer(Buffer.isBuffer(item.data) ? item.data : Buffer.from(item.data), item.name, { mode: item.mode ?? 0o100644 })
  }
  zip.end()
  await pipeline(zip.outputStream, createWriteStream(path))
}

/** The items of a run folder plus a bundle.json listing them; `edit` may change items before listing. */
export function bundleItems(runDir: string, jobId: string, edit: (items: ZipItem[]) => ZipItem[] = (i) => i): ZipItem[] {
  const items = edit(walkFiles(runDir).map((f) => ({ name: f.path, data: readFileSync(join(runDir, f.path)) })))
  const entries = items.map((i) => {
    const bytes = Buffer.isBuffer(i.data) ? i.data : Buffer.from(i.data)
    return { path: i.name, sha256: sha256Hex(bytes), size_bytes: bytes.length }
  })
  const index = { format: 1, job_id: jobId, app_version: 'test', created_at: new Date().toISOString(), entries }
  return [...items, { name: 'bundle.json', data: JSON.stringify(index) }]
}

/** Replaces a same-length byte string everywhere in a file (e.g. an entry name in both zip headers). */
export function patchBytes(path: string, from: string, to: string): void {
  if (from.length !== to.length) throw new Error('patchBytes needs strings of equal length')
  const bytes = readFileSync(path)
  const needle = Buffer.from(from)
  let at = bytes.indexOf(needle)
  if (at < 0) throw new Error(`'${from}' not found`)
  while (at >= 0) {
    Buffer.from(to).copy(bytes, at)
    at = bytes.indexOf(needle, at + 1)
  }
  writeFileSync(path, bytes)
}
