/**
 * A step's answer as artifacts/<step>.md, written atomically. Given the run's DeferredSync the
 * write is queued for the recorder's next flush: it lands before the events that name it, and
 * after the next model request has gone out. A failure is an `io` error naming the fix (it may
 * surface from that flush, after the step).
 */
import { atomicWriteFileSync } from '../fs/atomic-write'
import type { DeferredSync } from '../fs/deferred-sync'
import { OrchestratorError } from '../errors'
import { fsErrorCode } from './fs-error-code'

function write(path: string, body: string, deferSync: DeferredSync | undefined): void {
  try {
    atomicWriteFileSync(path, body, deferSync ? { deferSync } : {})
  } catch (err) {
    const code = fsErrorCode(err) ?? 'unknown error'
    const fix = code === 'ENOSPC' ? 'free disk space' : 'check that the run folder still exists and is writable'
    throw new OrchestratorError(
      { kind: 'io', retryable: false, message: `cannot write ${path} (${code}); ${fix}, then resume the run` },
      { cause: err },
    )
  }
}

export function writeStepArtifact(path: string, body: string, deferSync?: DeferredSync): void {
  if (deferSync) deferSync.later(() => write(path, body, deferSync))
  else write(path, body, undefined)
}
