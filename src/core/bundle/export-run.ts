/**
 * `export`: packs one run folder into a zip bundle (yazl) that `importRun` and `replay` can use
 * on another machine. Every regular file of the run folder is included (symlinks and temp files
 * are not), each hashed while it is read, and `bundle.json` lists them all. Files stream from
 * disk into the zip, so memory stays flat however large the run. The zip is written to a temp
 * file beside the target and renamed into place, so a failed export leaves nothing behind.
 */
import { randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { createHash } from 'node:crypto'
import { Readable, Transform } from 'node:stream'
import yazl from 'yazl'
import { OrchestratorError } from '../errors'
import { walkFiles } from '../fs/walk-files'
import { readManifestFile } from '../history/run-folders'
import { fsErrorCode } from '../run/fs-error-code'
import { APP_VERSION } from '../version'
import { BUNDLE_FILE, BUNDLE_FORMAT, entryNameProblem, type BundleEntry, type BundleIndex } from './bundle-format'

export interface ExportResult {
  jobId: string
  file: string
  entries: number
  /** Uncompressed bytes packed. */
  bytes: number
  /** Size of the zip. */
  zipBytes: number
}

/** A fixed timestamp: the same run exports to the same zip bytes. */
const ZIP_MTIME = new Date('2000-01-01T00:00:00Z')

function hashing(entry: { sha256: string; size_bytes: number }): Transform {
  const hash = createHash('sha256')
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk)
      entry.size_bytes += chunk.length
      done(null, chunk)
    },
    flush(done) {
      entry.sha256 = hash.digest('hex')
      done()
    },
  })
}

export async function exportRun(options: { runDir: string; outFile: string }): Promise<ExportResult> {
  const { runDir, outFile } = options
  const read = readManifestFile(join(runDir, 'manifest.json'))
  if (!read.ok) {
    throw new OrchestratorError({ kind: 'bad_input', retryable: false, message: `cannot export ${runDir}: ${read.reason}` })
  }
  if (read.manifest.status === 'running') {
    throw new OrchestratorError({
      kind: 'bad_input',
      retryable: false,
      message: `run ${read.manifest.job_id} is still running; export it once it has finished`,
    })
  }
  const files = walkFiles(runDir).filter((f) => f.path !== BUNDLE_FILE && entryNameProblem(f.path) === undefined)
  const zip = new yazl.ZipFile()
  const entries: BundleEntry[] = []
  const temp = join(dirname(outFile), `.${randomBytes(6).toString('hex')}.zip.tmp-export`)
  const written = pipeline(zip.outputStream, createWriteStream(temp, { flags: 'wx' }))
  written.catch(() => undefined)
  try {
    for (const file of files) {
      const entry: BundleEntry = { path: file.path, sha256: '', size_bytes: 0 }
      entries.push(entry)
      zip.addReadStreamLazy(file.path, { mtime: ZIP_MTIME, mode: 0o100644 }, (cb) => {
        const source = createReadStream(join(runDir, file.path))
        cb(null, source.pipe(hashing(entry)))
      })
    }
    // bundle.json needs every hash, so it is added once the other entries have streamed.
    const index = new Promise<void>((resolve, reject) => {
      zip.addReadStreamLazy(BUNDLE_FILE, { mtime: ZIP_MTIME, mode: 0o100644 }, (cb) => {
        const body: BundleIndex = {
          format: BUNDLE_FORMAT,
          job_id: read.manifest.job_id,
          app_version: APP_VERSION,
          created_at: new Date().toISOString(),
          entries,
        }
        cb(null, Readable.from([Buffer.from(`${JSON.stringify(body, null, 1)}\n`)]))
        resolve()
      })
      zip.outputStream.on('error', reject)
    })
    zip.end()
    await Promise.all([written, index])
    renameSync(temp, outFile)
  } catch (err) {
    rmSync(temp, { force: true })
    if (err instanceof OrchestratorError) throw err
    const code = fsErrorCode(err) ?? 'unknown error'
    throw new OrchestratorError(
      { kind: 'io', retryable: false, message: `cannot write bundle ${outFile} (${code}); check that its folder exists and is writable` },
      { cause: err },
    )
  }
  const zipBytes = statSync(outFile).size
  return {
    jobId: read.manifest.job_id,
    file: outFile,
    entries: entries.length,
    bytes: entries.reduce((n, e) => n + e.size_bytes, 0),
    zipBytes,
  }
}
