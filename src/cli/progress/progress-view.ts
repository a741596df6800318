/**
 * The contract between `orchestrator run` and its live display: it learns the run's id and
 * notices once, then every RunEvent in order, then `finish()` before the summary is printed.
 */
import type { RunEvent } from '../../shared/run-event'

export interface ProgressStart {
  jobId: string
  runDir: string
  notices: string[]
}

export interface ProgressView {
  start(info: ProgressStart): void
  event(event: RunEvent): void
  /** Stops timers and leaves the final state on screen. Idempotent. */
  finish(): void
  /** Stops redrawing (so a question can be asked below the board); the returned function resumes. */
  hold?(): () => void
}
