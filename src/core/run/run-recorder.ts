/**
 * The one writer of a run folder's record. `record` stamps an event (seq from 0, ts, job_id,
 * level), serialises it (hot-event-json for the commonest types), scrubs keys from it (one regex test per event; see redact/redactor), folds it into the live manifest, tells subscribers synchronously and buffers its JSONL
 * line: no I/O per event, so streamed tokens are cheap. A flush appends all buffered lines with
 * one write + fsync, then replaces manifest.json atomically (the commit record), then calls
 * `onFlush`.
 *
 * Group commit: `flushSoon` (called at every step boundary) schedules at most one flush, no
 * earlier than max(minFlushIntervalMs, 4 × the last flush's duration, `onFlush` included) after
 * the last flush ended (setImmediate when that moment has passed). Slow steps get a durable
 * flush at each boundary; thousands of fast steps share flushes, so flushing stays near 20 % of
 * wall time however large the manifest grows. A failed scheduled flush keeps its data buffered and is retried by the next
 * flush; `flushNow` and `close` throw typed errors. manifest.json is indented for people unless
 * the run has hundreds of steps (then compact, to keep flushes cheap).
 */
import { atomicWriteFileSync } from '../fs/atomic-write'
import { OrchestratorError } from '../errors'
import type { Manifest } from '../../shared/manifest'
import type { RunEvent, RunEventInput } from '../../shared/run-event'
import { EventAppender } from './event-appender'
import { hotEventJson } from './hot-event-json'
import { defaultLevel } from './event-log'
import { runFolderIoError } from './fs-error-code'
import { LineBuffer } from './line-buffer'
import type { ManifestInit } from './manifest-init'
import { ManifestState } from './manifest-state'
import type { RunPaths } from './run-paths'
import { Redactor } from '../redact/redactor'

export interface RecorderOptions {
  paths: RunPaths
  jobId: string
  /** A new job's manifest, or `{ existing }`: the manifest of a job continued in place (resume). */
  init: ManifestInit | { existing: Manifest }
  /** Called after each flush that wrote the manifest. The object is live; copy it to keep it. */
  onFlush?: (manifest: Manifest) => void
  minFlushIntervalMs?: number
  /** Called before a flush writes events or the manifest (write-ahead: make the files they name durable first; see fs/deferred-sync). */
  beforeWrite?: () => void
  /** Scrubs keys from every event (and so the manifest and subscribers); default: from process.env. */
  redactor?: Redactor
}

/** Buffered text above which a flush is scheduled even without a step boundary. */
const MAX_BUFFERED_BYTES = 1 << 20
const FLUSH_COST_FACTOR = 4
/** Manifests of runs up to this many steps are indented for people; larger ones are compact. */
const PRETTY_MAX_STEPS = 200

type Timer = { kind: 'immediate'; handle: NodeJS.Immediate } | { kind: 'timeout'; handle: NodeJS.Timeout }

export class RunRecorder {
  private readonly paths: RunPaths
  private readonly jobId: string
  private readonly onFlush: ((manifest: Manifest) => void) | undefined
  private readonly beforeWrite: (() => void) | undefined
  private readonly minFlushIntervalMs: number
  private readonly state: ManifestState
  readonly redactor: Redactor
  private readonly log: EventAppender
  private readonly listeners = new Set<(event: RunEvent) => void>()
  private seq: number
  private readonly lines = new LineBuffer()
  private manifestDirty = false
  private notifyPending = false
  private timer: Timer | undefined
  private lastFlushEnd = Number.NEGATIVE_INFINITY
  private lastFlushMs = 0
  private closed = false
  private tsMs = -1
  private tsText = ''

  constructor(options: RecorderOptions) {
    const minFlushIntervalMs = options.minFlushIntervalMs ?? 0
    if (!Number.isFinite(minFlushIntervalMs) || minFlushIntervalMs < 0) {
      throw new OrchestratorError({ kind: 'bad_input', retryable: false, message: 'minFlushIntervalMs must be a finite number ≥ 0' })
    }
    this.paths = options.paths
    this.jobId = options.jobId
    this.onFlush = options.onFlush
    this.beforeWrite = options.beforeWrite
    this.minFlushIntervalMs = minFlushIntervalMs
    this.redactor = options.redactor ?? Redactor.fromEnv()
    this.state = new ManifestState(this.redactor.redactDeep(options.init))
    this.log = new EventAppender(options.paths.events)
    this.seq = this.log.nextSeq
    try {
      this.manifestDirty = true
      this.writeOut()
      this.lastFlushEnd = Number.NEGATIVE_INFINITY
      this.lastFlushMs = 0
    } catch (err) {
      this.log.close()
      throw err
    }
  }

  record(input: RunEventInput): RunEvent {
    if (this.closed) {
      throw new OrchestratorError({
        kind: 'internal',
        retryable: false,
        message: `run recorder for ${this.jobId} is closed; record events before close()`,
      })
    }
    const level = input.level ?? defaultLevel(input.type)
    let event = Object.assign({ seq: this.seq, ts: this.now(), type: input.type, job_id: this.jobId, level }, input) as RunEvent
    event.level = level
    this.seq += 1
    let line = hotEventJson(event) ?? JSON.stringify(event)
    if (this.redactor.test(line)) {
      event = this.redactor.redactDeep(event)
      line = JSON.stringify(event)
    }
    this.lines.appendLine(line)
    if (this.state.apply(event)) this.manifestDirty = true
    if (this.listeners.size > 0) this.notify(event)
    if (this.lines.length > MAX_BUFFERED_BYTES) this.flushSoon()
    return event
  }

  private notify(event: RunEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event)
      } catch {
        // A failing subscriber (e.g. a closed UI) must not break the run's record.
      }
    }
  }

  /** ISO time, formatted once per millisecond. */
  private now(): string {
    const ms = Date.now()
    if (ms !== this.tsMs) {
      this.tsMs = ms
      this.tsText = new Date(ms).toISOString()
    }
    return this.tsText
  }

  subscribe(listener: (event: RunEvent) => void): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  get manifest(): Readonly<Manifest> {
    return this.state.snapshot()
  }

  flushSoon(): void {
    if (this.closed || this.timer) return
    const gap = Math.max(this.minFlushIntervalMs, FLUSH_COST_FACTOR * this.lastFlushMs)
    const wait = this.lastFlushEnd + gap - performance.now()
    if (wait <= 0) this.timer = { kind: 'immediate', handle: setImmediate(this.onTimer) }
    else this.timer = { kind: 'timeout', handle: setTimeout(this.onTimer, Math.ceil(wait)) }
  }

  flushNow(): void {
    if (this.closed) return
    this.cancelTimer()
    this.writeOut()
  }

  close(): void {
    if (this.closed) return
    try {
      this.flushNow()
    } finally {
      this.closed = true
      this.cancelTimer()
      this.log.close()
    }
  }

  private readonly onTimer = (): void => {
    this.timer = undefined
    try {
      this.writeOut()
    } catch {
      // Data stays buffered (or the notification pending); the next flush retries and throws.
    }
  }

  private cancelTimer(): void {
    if (!this.timer) return
    if (this.timer.kind === 'immediate') clearImmediate(this.timer.handle)
    else clearTimeout(this.timer.handle)
    this.timer = undefined
  }

  private writeOut(): void {
    const started = performance.now()
    try {
      if (this.beforeWrite && (this.lines.length > 0 || this.manifestDirty)) this.beforeWrite()
      if (this.lines.length > 0) {
        this.log.append(this.lines.views())
        this.lines.clear()
      }
      if (this.manifestDirty) {
        this.writeManifest()
        this.manifestDirty = false
        this.notifyPending = true
      }
      if (this.notifyPending && this.onFlush) this.onFlush(this.state.snapshot())
      this.notifyPending = false
    } finally {
      this.lastFlushEnd = performance.now()
      this.lastFlushMs = this.lastFlushEnd - started
    }
  }

  private writeManifest(): void {
    const manifest = this.state.snapshot()
    const indent = this.state.stepCount <= PRETTY_MAX_STEPS ? 2 : undefined
    const text = `${JSON.stringify(manifest, null, indent)}\n`
    try {
      atomicWriteFileSync(this.paths.manifest, text, { faultPoint: 'manifest.rename' })
    } catch (err) {
      throw runFolderIoError('write', this.paths.manifest, err)
    }
  }
}
