/**
 * A step's answer as artifacts/<step>.md, written atomically. Given the run's DeferredSync the
 * write is queued for the recorder's next flush: it lands before the events that name it, and
 * after the next model request has gone out. A failure is an `io` error naming the fix (it may
 * surface from that flush, after the step).
 */
import { atomicWriteFileSync } from '../fs/atomic-write'
import { laterOrNow, type DeferredSync } from '../fs/deferred-sync'
import { runFolderIoError } from './fs-error-code'

function write(path: string, body: string, deferSync: DeferredSync | undefined): void {
  try {
    atomicWriteFileSync(path, body, deferSync ? { deferSync } : {})
  } catch (err) {
    throw runFolderIoError('write', path, err)
  }
}

export function writeStepArtifact(path: string, body: string, deferSync?: DeferredSync): void {
  laterOrNow(deferSync, () => write(path, body, deferSync))
}
