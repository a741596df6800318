/**
 * Test helpers for provider streams: drain a chat turn into an array, or drain it expecting a
 * ProviderError and return that error (failing the test if it succeeds or throws anything else).
 */
import { OrchestratorError, type ProviderError } from '../../errors'
import type { ProviderChunk } from '../types'

export async function collectChunks(stream: AsyncIterable<ProviderChunk>): Promise<ProviderChunk[]> {
  const chunks: ProviderChunk[] = []
  for await (const chunk of stream) chunks.push(chunk)
  return chunks
}

export async function expectProviderError(work: AsyncIterable<ProviderChunk> | Promise<unknown>): Promise<ProviderError> {
  try {
    if (work instanceof Promise) await work
    else await collectChunks(work)
  } catch (err) {
    if (err instanceof OrchestratorError) return err
    throw new Error(`expected a ProviderError, got: ${String(err)}`, { cause: err })
  }
  throw new Error('expected a ProviderError, but the call succeeded')
}
