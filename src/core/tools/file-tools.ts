/**
 * The per-step tool session: `write_file`, `read_file`, `list_files` confined to outputs/.
 * Guarantees: every rejection (bad path, bad arguments, unknown tool, quota) is returned to the
 * model as `rejected: <reason>` and writes nothing; writes are atomic (temp + rename) through
 * folders verified not to be symlinks; quotas count per session and keep earlier files; result
 * text is deterministic. Only real I/O failures (disk full, permissions) throw, as OrchestratorError
 * kind `io`, because the model cannot fix them.
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, realpathSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { assertOutputsDir, pinOutputsDir, type PinnedOutputs } from '../run/run-folder-guard'
import { OrchestratorError } from '../errors'
import { faultPoint } from '../fault/fault-point'
import { autoRunFlags } from './auto-run'
import { describeAutoRunFlag } from '../../shared/auto-run-flags'
import type { ToolSpec } from '../providers/types'
import { atomicWriteFileSync } from '../fs/atomic-write'
import type { DeferredSync } from '../fs/deferred-sync'
import { matchExistingNames } from './existing-name'
import { mediaTypeFor } from './media-type'
import { listFilesTool, readFileTool } from './read-tools'
import { resolveOutputPath } from './safe-path'
import { FILE_TOOL_SPECS, TOOL_NAMES, isToolName, parseToolArgs } from './tool-specs'
import { DEFAULT_TOOL_LIMITS, type ToolLimits, type ToolName, type ToolResult, type ToolSession, type WrittenFile } from './types'
import { sha256Hex } from '../sha256'

export { FILE_TOOL_SPECS } from './tool-specs'

export interface ToolSessionOptions {
  outputsDir: string
  allowed: ToolName[]
  limits?: ToolLimits
  /** Reject files that run themselves (spec `auto_run_files: refuse`); by default they are written and flagged. */
  refuseAutoRun?: boolean
  /** outputs/ as pinned at the start of the run; by default pinned on the session's first call. */
  pinned?: PinnedOutputs
  /** Leave the fsyncs of written files to this (the run's write-ahead sync, flushed before their events). */
  deferSync?: DeferredSync
  readOnlyDirs?: never
  /** Where replaced contents are kept, content-addressed (runs/<job>/versions); none when absent. */
  versionsDir?: string
}

function rejected(path: string | undefined, reason: string): ToolResult {
  return { ok: false, content: `rejected: ${reason}`, rejected: path === undefined ? { reason } : { path, reason } }
}

function errorCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code
  return undefined
}

function ioError(rel: string, err: unknown): OrchestratorError {
  const code = errorCode(err) ?? 'unknown error'
  let message: string
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    message = `disk full while writing '${rel}' in the outputs folder: free some disk space, then resume the run`
  } else if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    message = `cannot write '${rel}' in the outputs folder (${code}): check that the run folder exists and is writable, then resume the run`
  } else {
    message = `could not write '${rel}' in the outputs folder (${code}): check the run folder, then resume the run`
  }
  return new OrchestratorError({ kind: 'io', message, retryable: false }, { cause: err })
}

/** Creates missing folders one level at a time; a string is a rejection reason. */
function ensureParentFolders(root: string, segments: string[]): string | undefined {
  let current = root
  for (let i = 0; i < segments.length; i++) {
    current = join(current, segments[i] ?? '')
    let stat = lstatSync(current, { throwIfNoEntry: false })
    if (!stat) {
      try {
        mkdirSync(current)
      } catch (err) {
        if (errorCode(err) !== 'EEXIST') throw err
      }
      stat = lstatSync(current)
    }
    const shown = segments.slice(0, i + 1).join('/')
    if (stat.isSymbolicLink()) return `'${shown}' is a symbolic link; writing through links is not allowed`
    if (!stat.isDirectory()) return `'${shown}' is a file, not a folder`
  }
  if (segments.length > 0 && realpathSync.native(current) !== current) return 'the target folder resolves outside the project folder'
  return undefined
}

class FileToolSession implements ToolSession {
  readonly specs: ToolSpec[]
  private readonly outputsDir: string
  private readonly allowed: ReadonlySet<ToolName>
  private readonly limits: ToolLimits
  private readonly versionsDir: string | undefined
  private readonly files = new Map<string, WrittenFile>()
  private bytesWritten = 0
  private pinned: PinnedOutputs | undefined
  private readonly deferSync: DeferredSync | undefined
  private readonly refuseAutoRun: boolean

  constructor(options: ToolSessionOptions) {
    this.outputsDir = options.outputsDir
    this.pinned = options.pinned
    this.deferSync = options.deferSync
    this.refuseAutoRun = options.refuseAutoRun === true
    this.allowed = new Set(options.allowed)
    this.limits = options.limits ?? DEFAULT_TOOL_LIMITS
    this.versionsDir = options.versionsDir
    this.specs = TOOL_NAMES.filter((name) => this.allowed.has(name)).map((name) => FILE_TOOL_SPECS[name])
  }

  written(): WrittenFile[] {
    return [...this.files.values()].map((file) => ({ ...file }))
  }

  async execute(name: string, args: unknown): Promise<ToolResult> {
    const available = TOOL_NAMES.filter((n) => this.allowed.has(n)).join(', ') || 'none'
    if (!isToolName(name)) return rejected(undefined, `unknown tool '${name}'; available tools: ${available}`)
    if (!this.allowed.has(name)) {
      return rejected(undefined, `tool '${name}' is not available in this step; available tools: ${available}`)
    }
    this.pinned ??= pinOutputsDir(dirname(this.outputsDir), this.outputsDir)
    assertOutputsDir(this.pinned)
    switch (name) {
      case 'write_file': {
        const parsed = parseToolArgs('write_file', args)
        if (!parsed.ok) return rejected(undefined, parsed.message)
        // assertOutputsDir has just checked that outputs/ still resolves to the pinned realpath.
        return this.write(parsed.value.path, parsed.value.content, this.pinned.real)
      }
      case 'read_file': {
        const parsed = parseToolArgs('read_file', args)
        if (!parsed.ok) return rejected(undefined, parsed.message)
        return readFileTool(this.outputsDir, parsed.value.path)
      }
      case 'list_files': {
        const parsed = parseToolArgs('list_files', args)
        if (!parsed.ok) return rejected(undefined, parsed.message)
        return listFilesTool(this.outputsDir, parsed.value.dir)
      }
    }
  }

  /** Keeps the content about to be replaced; returns its SHA-256 (undefined when unchanged or not kept). */
  private keepVersion(abs: string, next: Uint8Array): string | undefined {
    return this.versionsDir === undefined ? undefined : keepVersionIn(this.versionsDir, abs, next)
  }

  private write(requested: string, content: string, root: string): ToolResult {
    const first = resolveOutputPath(this.outputsDir, requested, root)
    if (!first.ok) return rejected(requested, first.reason)
    const match = matchExistingNames(root, first.rel)
    const target = match.changed ? resolveOutputPath(this.outputsDir, match.rel, root) : first
    if (!target.ok) return rejected(requested, target.reason)
    const rel = target.rel

    const bytes = Buffer.from(content, 'utf8')
    const { maxFileBytes, maxStepBytes, maxStepFiles } = this.limits
    if (bytes.length > maxFileBytes) {
      return rejected(
        requested,
        `'${rel}' is ${bytes.length} bytes, over the limit of ${maxFileBytes} bytes per file: split it into smaller files`,
      )
    }
    if (!this.files.has(rel) && this.files.size >= maxStepFiles) {
      return rejected(requested, `quota exceeded: this step may write at most ${maxStepFiles} files; earlier files are kept`)
    }
    if (this.bytesWritten + bytes.length > maxStepBytes) {
      return rejected(requested, `quota exceeded: this step may write at most ${maxStepBytes} bytes in total; earlier files are kept`)
    }

    const flags = autoRunFlags(rel, content)
    if (flags.length > 0 && this.refuseAutoRun) {
      return rejected(
        requested,
        `'${rel}' would run commands on its own (${flags.map(describeAutoRunFlag).join('; ')}) and this spec sets auto_run_files: refuse; write it without that part`,
      )
    }
    let existed: boolean
    let previous: string | undefined
    try {
      const segments = rel.split('/')
      const folderProblem = ensureParentFolders(root, segments.slice(0, -1))
      if (folderProblem) return rejected(requested, folderProblem)
      const existing = lstatSync(target.abs, { throwIfNoEntry: false })
      if (existing?.isDirectory()) return rejected(requested, `'${rel}' is a folder; choose a file name inside it`)
      if (existing?.isSymbolicLink()) return rejected(requested, `'${rel}' is a symbolic link; writing through links is not allowed`)
      existed = existing !== undefined
      if (existing?.isFile()) previous = this.keepVersion(target.abs, bytes)
      faultPoint('output.write')
      atomicWriteFileSync(target.abs, bytes, this.deferSync ? { deferSync: this.deferSync } : {})
    } catch (err) {
      throw ioError(rel, err)
    }

    const file: WrittenFile = {
      path: rel,
      sha256: sha256Hex(bytes),
      size_bytes: bytes.length,
      media_type: mediaTypeFor(rel),
      ...(previous ? { previous_sha256: previous } : {}),
      ...(flags.length > 0 ? { flags } : {}),
    }
    this.files.set(rel, file)
    this.bytesWritten += bytes.length
    let text = `wrote ${rel} (${bytes.length} bytes${existed ? ', replaced the previous version' : ''})`
    if (match.changed) {
      text += `; note: '${first.rel}' names the same file as the existing '${rel}' on case-insensitive systems, so '${rel}' was written`
    }
    return { ok: true, content: text, written: file }
  }
}

function keepVersionIn(versionsDir: string, abs: string, next: Uint8Array): string | undefined {
  const old = readFileSync(abs)
  const sha = sha256Hex(old)
  if (sha === sha256Hex(next)) return undefined
  const kept = join(versionsDir, sha)
  if (!existsSync(kept)) {
    mkdirSync(versionsDir, { recursive: true })
    atomicWriteFileSync(kept, old)
  }
  return sha
}

export function createToolSession(options: ToolSessionOptions): ToolSession {
  return new FileToolSession(options)
}
