/**
 * The steps of two runs side by side, and the first step whose input differs. A step's input is
 * the SHA-256 of its rendered first request (provider, model, options, system prompt, rendered
 * prompt, tools): the manifest's `input_sha256`, or for runs recorded before that field, the
 * first cache key the step looked up in its last attempt (from events.jsonl). Steps are taken in
 * run A's graph order (topological), then steps only B has.
 */
import type { Manifest, ManifestStep } from '../../shared/manifest'
import type { RunEvent } from '../../shared/run-event'

export interface StepSide {
  status: ManifestStep['status']
  provider: string
  model: string
  tokens: number
  cost_usd: number | null
  duration_s: number | null
  provider_calls: number
  cache_hit: boolean
  /** Hash of the step's rendered request; null when the step never made one. */
  input_sha256: string | null
}

export interface StepComparison {
  id: string
  a: StepSide | null
  b: StepSide | null
  /** null when either side has no input hash (the step did not run there). */
  same_input: boolean | null
}

/** First request hash per step, from events (the last attempt's first cache lookup). */
export function inputHashesFromEvents(events: readonly RunEvent[]): Map<string, string> {
  const hashes = new Map<string, string>()
  const open = new Set<string>()
  for (const event of events) {
    if (event.type === 'step.started') {
      open.add(event.step)
      hashes.delete(event.step)
    } else if (event.type === 'step.retry') {
      open.add(event.step)
      hashes.delete(event.step)
    } else if ((event.type === 'cache.hit' || event.type === 'cache.miss') && open.has(event.step)) {
      hashes.set(event.step, event.key)
      open.delete(event.step)
    } else if (event.type === 'llm.request' && event.request_sha256 !== undefined && open.has(event.step)) {
      hashes.set(event.step, event.request_sha256)
      open.delete(event.step)
    }
  }
  return hashes
}

function side(step: ManifestStep, fallback: string | undefined): StepSide {
  return {
    status: step.status,
    provider: step.provider,
    model: step.model,
    tokens: step.usage.prompt_tokens + step.usage.completion_tokens,
    cost_usd: step.cost_usd,
    duration_s: step.duration_s,
    provider_calls: step.provider_calls,
    cache_hit: step.cache_hit,
    input_sha256: step.input_sha256 ?? fallback ?? null,
  }
}

export function compareSteps(
  a: Manifest,
  b: Manifest,
  hashesA: ReadonlyMap<string, string>,
  hashesB: ReadonlyMap<string, string>,
): { steps: StepComparison[]; firstDivergentStep: string | null } {
  const ids = [...Object.keys(a.steps), ...Object.keys(b.steps).filter((id) => !Object.hasOwn(a.steps, id))]
  const steps: StepComparison[] = []
  let firstDivergentStep: string | null = null
  for (const id of ids) {
    const left = Object.hasOwn(a.steps, id) ? side(a.steps[id] as ManifestStep, hashesA.get(id)) : null
    const right = Object.hasOwn(b.steps, id) ? side(b.steps[id] as ManifestStep, hashesB.get(id)) : null
    let sameInput: boolean | null = null
    if (left && right && left.input_sha256 !== null && right.input_sha256 !== null) sameInput = left.input_sha256 === right.input_sha256
    const diverges = sameInput === false || (left === null) !== (right === null)
    if (diverges && firstDivergentStep === null) firstDivergentStep = id
    steps.push({ id, a: left, b: right, same_input: sameInput })
  }
  return { steps, firstDivergentStep }
}
