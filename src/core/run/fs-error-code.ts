/**
 * File-system failures in a run folder: the error code read from the error itself, and the one
 * typed `io` error (file, code, fix) that the recorder, the event log and step artifacts raise.
 */
import { OrchestratorError } from '../errors'

/** The `code` of a Node file-system error (`ENOENT`, `EEXIST`, …), read without guessing from text. */
export function fsErrorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined
}

/** The `io` error of a failed read or write in a run folder, naming the file, the code and the fix. */
export function runFolderIoError(action: string, path: string, err: unknown): OrchestratorError {
  const code = fsErrorCode(err) ?? 'unknown error'
  const fix = code === 'ENOSPC' ? 'free disk space and rerun' : 'check that the run folder still exists and is writable'
  return new OrchestratorError({ kind: 'io', retryable: false, message: `cannot ${action} ${path} (${code}); ${fix}` }, { cause: err })
}
