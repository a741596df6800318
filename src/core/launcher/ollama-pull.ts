/**
 * Pulls a model into an Ollama server through `POST /api/pull` and its ND-JSON progress lines
 * (`{status, digest, total, completed}`), passing each one to the caller. Succeeds only on a
 * final `success` status; an `{error}` line, an HTTP error, a stream that ends early or no line
 * for `idleTimeoutMs` become typed errors that name the fix. Abort cancels the HTTP request.
 */
import { z } from 'zod'
import { OrchestratorError } from '../errors'
import type { PullProgress } from './launch-events'

const LineSchema = z
  .object({
    status: z.string().optional(),
    digest: z.string().optional(),
    total: z.number().optional(),
    completed: z.number().optional(),
    error: z.string().optional(),
  })
  .loose()

export interface PullOptions {
  signal?: AbortSignal
  /** Longest wait for the next progress line (default 120 s). */
  idleTimeoutMs?: number
}

const PULL_IDLE_TIMEOUT_MS = 120_000

function pullError(
  kind: 'model_not_found' | 'network' | 'protocol' | 'timeout' | 'server' | 'aborted',
  message: string,
  cause?: unknown,
): OrchestratorError {
  return new OrchestratorError(
    { kind, retryable: kind === 'network' || kind === 'protocol' || kind === 'timeout' || kind === 'server', message },
    { cause },
  )
}

export async function pullModel(
  host: string,
  model: string,
  onProgress: (progress: PullProgress) => void,
  options: PullOptions = {},
): Promise<void> {
  const idleMs = options.idleTimeoutMs ?? PULL_IDLE_TIMEOUT_MS
  const idle = new AbortController()
  let idleFired = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const arm = (): void => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      idleFired = true
      idle.abort()
    }, idleMs)
  }
  const signal = options.signal ? AbortSignal.any([options.signal, idle.signal]) : idle.signal
  const fail = (err: unknown): OrchestratorError => {
    if (err instanceof OrchestratorError) return err
    if (options.signal?.aborted) return pullError('aborted', 'cancelled', err)
    if (idleFired)
      return pullError(
        'timeout',
        `pulling '${model}' from ${host} stalled (no progress for ${idleMs / 1000} s); check the network and run \`ollama pull ${model}\` again`,
        err,
      )
    return pullError('network', `cannot reach Ollama at ${host} to pull '${model}'; check that it is running (\`ollama serve\`)`, err)
  }
  arm()
  try {
    const res = await fetch(`${host}/api/pull`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'close' },
      body: JSON.stringify({ model, stream: true }),
      signal,
    })
    if (!res.ok || !res.body) {
      const text = (await res.text().catch(() => '')).slice(0, 300)
      const kind = res.status === 404 || res.status === 400 ? 'model_not_found' : 'server'
      throw pullError(
        kind,
        `Ollama could not pull '${model}' (HTTP ${res.status}${text ? `: ${text}` : ''}); check the name at https://ollama.com/library`,
      )
    }
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
    let buffer = ''
    let succeeded = false
    for (;;) {
      const { value, done } = await reader.read()
      arm()
      if (value) buffer += value
      const lines = buffer.split('\n')
      buffer = done ? '' : (lines.pop() ?? '')
      for (const line of lines) {
        if (line.trim() === '') continue
        let parsed: z.infer<typeof LineSchema>
        try {
          parsed = LineSchema.parse(JSON.parse(line))
        } catch (err) {
          throw pullError(
            'protocol',
            `Ollama at ${host} sent a pull progress line that is not JSON; check OLLAMA_HOST points at Ollama`,
            err,
          )
        }
        if (parsed.error !== undefined)
          throw pullError(
            'model_not_found',
            `Ollama could not pull '${model}': ${parsed.error}; check the name at https://ollama.com/library`,
          )
        const progress: PullProgress = { status: parsed.status ?? '' }
        if (parsed.digest !== undefined) progress.digest = parsed.digest
        if (parsed.total !== undefined) progress.total = parsed.total
        if (parsed.completed !== undefined) progress.completed = parsed.completed
        onProgress(progress)
        if (parsed.status === 'success') succeeded = true
      }
      if (done) break
    }
    if (!succeeded) throw pullError('protocol', `the pull of '${model}' from ${host} ended before it finished; run it again`)
  } catch (err) {
    throw fail(err)
  } finally {
    clearTimeout(timer)
  }
}
