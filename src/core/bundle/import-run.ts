/**
 * `import`: unpacks a bundle made by `exportRun` into a new run folder, trusting nothing in it.
 * Before anything is written, the zip's central directory is checked (yauzl): every name a plain
 * relative path of a run folder (no `..`, absolute paths, drive letters, backslashes), no links or
 * special files (zip external attributes), no duplicate names (also after case folding and NFC),
 * declared sizes within the limits. Entries then stream, with a byte cap at their declared size,
 * into a temp folder inside the runs folder; each must match its SHA-256 in bundle.json and each
 * output file the manifest's hash, and the unpacked folder passes the run folder guard
 * (run-folder-guard: no part is a link or resolves outside it). Only then is it renamed into place and indexed, so a
 * refused or failed import leaves nothing behind and nothing is ever written outside it. A job id
 * that already exists gets a new one (manifest and events are rewritten to it).
 */
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import yauzl, { type Entry, type ZipFile } from 'yauzl'
import { OrchestratorError } from '../errors'
import { atomicWriteFileSync } from '../fs/atomic-write'
import { openRunsDir } from '../history/open-runs-dir'
import { readManifestFile } from '../history/run-folders'
import { fsErrorCode } from '../run/fs-error-code'
import { assertRunFolderSafe, RUN_FOLDER_PARTS } from '../run/run-folder-guard'
import { isJobId, newJobId } from '../run/job-id'
import {
  BUNDLE_FILE,
  bundleIndexSchema,
  DEFAULT_BUNDLE_LIMITS,
  entryNameProblem,
  type BundleIndex,
  type BundleLimits,
} from './bundle-format'

export interface ImportOptions {
  zipFile: string
  runsDir: string
  limits?: Partial<BundleLimits>
}

export interface ImportResult {
  jobId: string
  runDir: string
  /** The job id recorded in the bundle; differs from jobId when that id already existed here. */
  originalJobId: string
  entries: number
  bytes: number
}

const S_IFMT = 0o170000
const S_IFREG = 0o100000
const S_IFDIR = 0o040000

function refused(zipFile: string, why: string): OrchestratorError {
  return new OrchestratorError({
    kind: 'bad_input',
    retryable: false,
    message: `bundle ${zipFile} refused: ${why}; nothing was imported (re-export the run with 'orchestrator export')`,
  })
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** Reads and checks the central directory; returns the file entries in zip order. */
async function checkedEntries(zip: ZipFile, zipFile: string, limits: BundleLimits): Promise<Entry[]> {
  const entries: Entry[] = []
  const seen = new Set<string>()
  let total = 0
  try {
    for await (const entry of zip.eachEntry()) {
      const isDir = entry.fileName.endsWith('/')
      const name = isDir ? entry.fileName.slice(0, -1) : entry.fileName
      const type = (entry.externalFileAttributes >>> 16) & S_IFMT
      if (type !== 0 && type !== S_IFREG && !(isDir && type === S_IFDIR)) {
        throw refused(zipFile, `entry '${entry.fileName}' is a symbolic link or special file`)
      }
      if (isDir) continue
      const problem = entryNameProblem(name)
      if (problem) throw refused(zipFile, `entry '${name}' ${problem}`)
      const folded = name.normalize('NFC').toLowerCase()
      if (seen.has(folded)) throw refused(zipFile, `entry '${name}' appears twice`)
      seen.add(folded)
      if (entries.length >= limits.maxEntries) throw refused(zipFile, `more than ${limits.maxEntries} entries`)
      if (entry.uncompressedSize > limits.maxFileBytes) {
        throw refused(
          zipFile,
          `entry '${name}' declares ${entry.uncompressedSize} bytes, over the ${limits.maxFileBytes}-byte limit per file`,
        )
      }
      total += entry.uncompressedSize
      if (total > limits.maxTotalBytes) throw refused(zipFile, `it would unpack to more than ${limits.maxTotalBytes} bytes`)
      entries.push(entry)
    }
  } catch (err) {
    if (err instanceof OrchestratorError) throw err
    throw refused(zipFile, `its zip structure is damaged (${messageOf(err)})`)
  }
  return entries
}

/** Streams one entry through a byte cap and a hash into `target` (or into memory when target is null). */
async function extract(zip: ZipFile, entry: Entry, target: string | null): Promise<{ sha256: string; size: number; body?: Buffer }> {
  const hash = createHash('sha256')
  let size = 0
  const parts: Buffer[] = []
  const cap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length
      if (size > entry.uncompressedSize) return done(new Error(`entry '${entry.fileName}' holds more bytes than it declares`))
      hash.update(chunk)
      if (target === null) parts.push(chunk)
      done(null, target === null ? undefined : chunk)
    },
  })
  const stream = await zip.openReadStreamPromise(entry)
  if (target === null) await pipeline(stream, cap)
  else await pipeline(stream, cap, createWriteStream(target, { flags: 'wx' }))
  return { sha256: hash.digest('hex'), size, ...(target === null ? { body: Buffer.concat(parts) } : {}) }
}

async function readIndex(zip: ZipFile, entries: Entry[], zipFile: string): Promise<BundleIndex> {
  const entry = entries.find((e) => e.fileName === BUNDLE_FILE)
  if (!entry) throw refused(zipFile, `it has no ${BUNDLE_FILE} (not a run bundle)`)
  const { body } = await extract(zip, entry, null)
  let raw: unknown
  try {
    raw = JSON.parse(body?.toString('utf8') ?? '')
  } catch {
    throw refused(zipFile, `${BUNDLE_FILE} is not valid JSON`)
  }
  const parsed = bundleIndexSchema.safeParse(raw)
  if (!parsed.success || !isJobId(parsed.data.job_id)) throw refused(zipFile, `${BUNDLE_FILE} is not a valid bundle index`)
  const listed = new Map(parsed.data.entries.map((e) => [e.path, e]))
  const files = entries.filter((e) => e.fileName !== BUNDLE_FILE)
  if (listed.size !== parsed.data.entries.length || listed.size !== files.length) {
    throw refused(zipFile, `${BUNDLE_FILE} does not list exactly the entries of the zip`)
  }
  for (const e of files) {
    const item = listed.get(e.fileName)
    if (!item) throw refused(zipFile, `entry '${e.fileName}' is not listed in ${BUNDLE_FILE}`)
    if (item.size_bytes !== e.uncompressedSize) throw refused(zipFile, `entry '${e.fileName}' has another size than ${BUNDLE_FILE} says`)
  }
  return parsed.data
}

function makeTempDir(runsDir: string): string {
  const temp = join(runsDir, `.import-${randomBytes(6).toString('hex')}.tmp`)
  try {
    mkdirSync(runsDir, { recursive: true })
    mkdirSync(temp)
  } catch (err) {
    const code = fsErrorCode(err) ?? 'unknown error'
    throw new OrchestratorError(
      { kind: 'io', retryable: false, message: `cannot import into ${runsDir} (${code}); choose a writable folder with --runs-dir` },
      { cause: err },
    )
  }
  return temp
}

/** Rewrites the job id in events.jsonl and manifest.json of an unpacked run (ids have a fixed length). */
async function renameJob(dir: string, from: string, to: string): Promise<void> {
  const events = join(dir, 'events.jsonl')
  if (statSync(events, { throwIfNoEntry: false })?.isFile()) {
    const next = `${events}.tmp-rename`
    const out = createWriteStream(next, { flags: 'wx' })
    const lines = createInterface({ input: createReadStream(events, 'utf8'), crlfDelay: Infinity })
    for await (const line of lines) {
      if (!out.write(`${line.split(`"job_id":"${from}"`).join(`"job_id":"${to}"`)}\n`))
        await new Promise<void>((r) => out.once('drain', () => r()))
    }
    await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())))
    renameSync(next, events)
  }
  const read = readManifestFile(join(dir, 'manifest.json'))
  if (read.ok) atomicWriteFileSync(join(dir, 'manifest.json'), `${JSON.stringify({ ...read.manifest, job_id: to }, null, 2)}\n`)
}

export async function importRun(options: ImportOptions): Promise<ImportResult> {
  const zipFile = options.zipFile
  const runsDir = resolve(options.runsDir)
  const limits = { ...DEFAULT_BUNDLE_LIMITS, ...options.limits }
  let zip: ZipFile
  try {
    zip = await yauzl.openPromise(zipFile, { autoClose: false, validateEntrySizes: true, strictFileNames: true, decodeStrings: true })
  } catch (err) {
    const code = fsErrorCode(err)
    if (code)
      throw new OrchestratorError({ kind: 'bad_input', retryable: false, message: `cannot read ${zipFile} (${code})` }, { cause: err })
    throw refused(zipFile, `it is not a readable zip file (${messageOf(err)})`)
  }
  let temp: string | undefined
  try {
    const entries = await checkedEntries(zip, zipFile, limits)
    const index = await readIndex(zip, entries, zipFile)
    const expected = new Map(index.entries.map((e) => [e.path, e]))
    temp = makeTempDir(runsDir)
    const made = new Set<string>()
    for (const entry of entries) {
      if (entry.fileName === BUNDLE_FILE) continue
      const segments = entry.fileName.split('/')
      for (let i = 1; i < segments.length; i++) {
        const dir = segments.slice(0, i).join('/')
        if (!made.has(dir)) {
          mkdirSync(join(temp, dir), { recursive: true })
          made.add(dir)
        }
      }
      let got
      try {
        got = await extract(zip, entry, join(temp, ...segments))
      } catch (err) {
        throw refused(zipFile, `entry '${entry.fileName}' could not be unpacked (${messageOf(err)})`)
      }
      const want = expected.get(entry.fileName)
      if (!want || want.sha256 !== got.sha256 || want.size_bytes !== got.size) {
        throw refused(
          zipFile,
          `entry '${entry.fileName}' does not match its SHA-256 in ${BUNDLE_FILE} (the bundle is damaged or was altered)`,
        )
      }
    }
    const read = readManifestFile(join(temp, 'manifest.json'))
    if (!read.ok) throw refused(zipFile, `its manifest.json is not usable (${read.reason})`)
    const manifest = read.manifest
    if (manifest.job_id !== index.job_id) throw refused(zipFile, `manifest.json names ${manifest.job_id}, ${BUNDLE_FILE} ${index.job_id}`)
    for (const file of manifest.files) {
      const packed = expected.get(`outputs/${file.path}`)
      if (!packed || packed.sha256 !== file.sha256 || packed.size_bytes !== file.size_bytes) {
        throw refused(zipFile, `outputs/${file.path} does not match the SHA-256 in manifest.json`)
      }
    }
    for (const part of RUN_FOLDER_PARTS) mkdirSync(join(temp, part), { recursive: true })
    assertRunFolderSafe(temp)
    let jobId = index.job_id
    if (statSync(join(runsDir, jobId), { throwIfNoEntry: false })) {
      jobId = newJobId()
      await renameJob(temp, index.job_id, jobId)
    }
    const runDir = join(runsDir, jobId)
    renameSync(temp, runDir)
    temp = undefined
    const { db } = openRunsDir(runsDir)
    try {
      const indexed = readManifestFile(join(runDir, 'manifest.json'))
      if (indexed.ok) db.upsertManifest(indexed.manifest, runDir)
    } finally {
      db.close()
    }
    return {
      jobId,
      runDir,
      originalJobId: index.job_id,
      entries: expected.size,
      bytes: index.entries.reduce((n, e) => n + e.size_bytes, 0),
    }
  } catch (err) {
    if (err instanceof OrchestratorError) throw err
    const code = fsErrorCode(err) ?? messageOf(err)
    throw new OrchestratorError(
      { kind: 'io', retryable: false, message: `cannot import ${zipFile} into ${runsDir} (${code}); nothing was imported` },
      { cause: err },
    )
  } finally {
    zip.close()
    if (temp) rmSync(temp, { recursive: true, force: true })
  }
}
