/**
 * JSON text of the events a run records most (step.started, cache.miss, step.succeeded,
 * step.token), built from templates instead of JSON.stringify's generic walk. Guarantee: the text
 * is byte-identical to JSON.stringify(event). An event whose own keys are not exactly the expected
 * ones in the expected order, or whose values are not of the expected types, gives undefined and
 * the caller falls back to JSON.stringify.
 */
import type { RunEvent } from '../../shared/run-event'
import { hasKeys, num, str, usageJson } from './json-text'

const HEAD = ['seq', 'ts', 'type', 'job_id', 'level'] as const
const STARTED_KEYS: readonly string[] = [...HEAD, 'step', 'agent', 'provider', 'model']
const MISS_KEYS: readonly string[] = [...HEAD, 'step', 'key']
const SUCCEEDED_KEYS: readonly string[] = [...HEAD, 'step', 'duration_s', 'attempts', 'usage', 'cache_hit']
const TOKEN_KEYS: readonly string[] = [...HEAD, 'step', 'text']

/** `{"seq":…,"ts":…,"type":…,"job_id":…,"level":…,"step":…` (no closing brace); undefined on a wrong type. */
function head(event: RunEvent & { step: unknown }): string | undefined {
  const { seq, ts, type, job_id: jobId, level, step } = event
  if (typeof seq !== 'number' || typeof ts !== 'string' || typeof jobId !== 'string' || typeof level !== 'string') return undefined
  if (typeof step !== 'string') return undefined
  return `{"seq":${num(seq)},"ts":${str(ts)},"type":${str(type)},"job_id":${str(jobId)},"level":${str(level)},"step":${str(step)}`
}

export function hotEventJson(event: RunEvent): string | undefined {
  switch (event.type) {
    case 'step.started': {
      if (!hasKeys(event, STARTED_KEYS)) return undefined
      const { agent, provider, model } = event
      if (typeof agent !== 'string' || typeof provider !== 'string' || typeof model !== 'string') return undefined
      const start = head(event)
      return start === undefined ? undefined : `${start},"agent":${str(agent)},"provider":${str(provider)},"model":${str(model)}}`
    }
    case 'cache.miss': {
      if (!hasKeys(event, MISS_KEYS) || typeof event.key !== 'string') return undefined
      const start = head(event)
      return start === undefined ? undefined : `${start},"key":${str(event.key)}}`
    }
    case 'step.succeeded': {
      if (!hasKeys(event, SUCCEEDED_KEYS)) return undefined
      const { duration_s: duration, attempts, cache_hit: cacheHit } = event
      if (typeof duration !== 'number' || typeof attempts !== 'number' || typeof cacheHit !== 'boolean') return undefined
      const usage = usageJson(event.usage)
      const start = head(event)
      if (usage === undefined || start === undefined) return undefined
      return `${start},"duration_s":${num(duration)},"attempts":${num(attempts)},"usage":${usage},"cache_hit":${cacheHit ? 'true' : 'false'}}`
    }
    case 'step.token': {
      if (!hasKeys(event, TOKEN_KEYS) || typeof event.text !== 'string') return undefined
      const start = head(event)
      return start === undefined ? undefined : `${start},"text":${str(event.text)}}`
    }
    default:
      return undefined
  }
}
