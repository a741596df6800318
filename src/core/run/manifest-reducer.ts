/**
 * manifest.json as a fold over events: `initialManifest` + `applyEvent` for each event. The
 * manifest is never edited any other way, so it can always be rebuilt from events.jsonl
 * (`manifestFromEvents`). `reduceEvent` is the one reducer; the list-shaped fields
 * (pending_steps, completed_steps, files) go through a `ManifestLists` strategy (manifest-lists) so
 * the recorder can keep them in sets and maps (O(1) per event) while `applyEvent` edits the arrays
 * directly. The starting state is `initialManifest` (manifest-init).
 * Every result passes `manifestSchema`.
 *
 * Conventions: completed_steps = succeeded steps in finishing order; pending_steps = steps not
 * finished yet (pending or running); a skipped step's reason is kept as its error (kind 'skipped').
 * Tokens and cost: a live `llm.response` adds to `usage` and `cost_usd` (null once any part is
 * unknown); a cached one adds to `saved_tokens` and `saved_usd` instead.
 */
import type { Manifest } from '../../shared/manifest'
import { finishStep, recordCheckRound, reduceContinuation } from './manifest-continue'
import type { RunEvent, Usage } from '../../shared/run-event'
import { addCost } from '../../shared/cost'
import { ensureStep, initialManifest, stepRecord } from './manifest-init'
import { arrayLists, type ManifestLists } from './manifest-lists'

/** Adds one answer's tokens, provider prompt-cache reads and writes included when reported. */
function addTokens(total: Usage, add: Usage): void {
  total.prompt_tokens += add.prompt_tokens
  total.completion_tokens += add.completion_tokens
  if (add.cached_prompt_tokens) total.cached_prompt_tokens = (total.cached_prompt_tokens ?? 0) + add.cached_prompt_tokens
  if (add.cache_write_tokens) total.cache_write_tokens = (total.cache_write_tokens ?? 0) + add.cache_write_tokens
}

/** Applies one event; returns false when the event does not change the manifest. */
export function reduceEvent(manifest: Manifest, event: RunEvent, lists: ManifestLists): boolean {
  switch (event.type) {
    case 'job.started':
      manifest.project = event.project
      manifest.task_description = event.task_description
      manifest.provider = event.provider
      manifest.spec_sha256 = event.spec_sha256
      manifest.started_at = event.ts
      manifest.status = 'running'
      manifest.finished_at = null
      manifest.duration_s = null
      manifest.usage = { prompt_tokens: 0, completion_tokens: 0 }
      manifest.cost_usd = 0
      manifest.saved_tokens = 0
      manifest.saved_usd = 0
      manifest.steps = stepRecord(event.steps)
      manifest.budget = event.budget ?? null
      manifest.failures = []
      manifest.resumes = []
      manifest.parent_job_id = event.parent_job_id ?? null
      manifest.rerun_from = event.rerun_from ?? null
      lists.reset(event.steps.map((s) => s.id))
      return true
    case 'job.resumed':
    case 'job.awaiting_approval':
    case 'step.reused':
    case 'step.round':
    case 'step.awaiting_approval':
    case 'step.approved':
    case 'step.rejected':
      return reduceContinuation(manifest, event, lists, (id) => ensureStep(manifest, lists, id))
    case 'job.succeeded':
    case 'job.cancelled':
    case 'job.failed':
      manifest.status = event.type === 'job.succeeded' ? 'succeeded' : event.type === 'job.failed' ? 'failed' : 'cancelled'
      manifest.finished_at = event.ts
      manifest.duration_s = event.duration_s
      manifest.pid = null
      if (event.type === 'job.failed') {
        manifest.failures.push({ kind: event.error.kind, step: null, message: event.error.message, timestamp: event.ts })
      }
      return true
    case 'step.started': {
      const step = ensureStep(manifest, lists, event.step)
      step.agent = event.agent
      step.provider = event.provider
      step.model = event.model
      step.status = 'running'
      step.started_at = event.ts
      step.finished_at = null
      step.duration_s = null
      step.error = null
      step.attempts += 1
      lists.open(event.step)
      return true
    }
    case 'step.retry': {
      const step = ensureStep(manifest, lists, event.step)
      step.attempts = Math.max(step.attempts, event.attempt)
      return true
    }
    case 'provider.call':
      ensureStep(manifest, lists, event.step).provider_calls += 1
      return true
    case 'llm.response': {
      const step = ensureStep(manifest, lists, event.step)
      const { prompt_tokens: prompt, completion_tokens: completion } = event.usage
      if (event.cached) {
        const saved = event.saved_usd ?? null
        step.saved_tokens += prompt + completion
        step.saved_usd = addCost(step.saved_usd, saved)
        manifest.saved_tokens += prompt + completion
        manifest.saved_usd = addCost(manifest.saved_usd, saved)
        return true
      }
      addTokens(step.usage, event.usage)
      step.cost_usd = addCost(step.cost_usd, event.cost_usd)
      addTokens(manifest.usage, event.usage)
      manifest.cost_usd = addCost(manifest.cost_usd, event.cost_usd)
      const round = step.rounds.at(-1)
      if (round) {
        addTokens(round.usage, event.usage)
        round.cost_usd = addCost(round.cost_usd, event.cost_usd)
      }
      return true
    }
    case 'cache.hit':
      ensureStep(manifest, lists, event.step).cache_hit = true
      return true
    case 'file.written': {
      const writer = ensureStep(manifest, lists, event.step)
      const writerRound = writer.rounds.at(-1)
      writerRound?.files.push({ path: event.path, sha256: event.sha256 })
      const earlier = lists.fileAt(event.path)
      const versions = earlier ? [...earlier.versions] : []
      if (earlier && earlier.sha256 !== event.sha256) {
        versions.push({
          sha256: earlier.sha256,
          size_bytes: earlier.size_bytes,
          step: earlier.step,
          seq: earlier.seq,
          model_call_id: earlier.model_call_id,
          created_at: earlier.created_at,
        })
      }
      lists.upsertFile({
        path: event.path,
        sha256: event.sha256,
        size_bytes: Math.max(0, event.size_bytes),
        media_type: event.media_type,
        created_at: event.ts,
        step: event.step,
        seq: event.seq,
        turn: event.turn ?? null,
        round: event.round ?? writerRound?.round ?? null,
        model_call_id: event.model_call_id ?? null,
        cache_key: event.cache_key ?? null,
        flags: event.flags ?? [],
        versions,
      })
      return true
    }
    case 'llm.request':
      if (event.turn !== 1 || event.request_sha256 === undefined) return false
      ensureStep(manifest, lists, event.step).input_sha256 = event.request_sha256
      return true
    case 'artifact.created': {
      const step = ensureStep(manifest, lists, event.step)
      if (!step.artifacts.includes(event.path)) step.artifacts.push(event.path)
      return true
    }
    case 'step.succeeded': {
      const step = ensureStep(manifest, lists, event.step)
      step.status = 'succeeded'
      finishStep(step, event.ts, event.duration_s)
      step.attempts = Math.max(step.attempts, event.attempts)
      step.cache_hit = step.cache_hit || event.cache_hit
      step.error = null
      lists.finish(event.step, true)
      return true
    }
    case 'step.failed': {
      const step = ensureStep(manifest, lists, event.step)
      step.status = 'failed'
      finishStep(step, event.ts, event.duration_s)
      step.attempts = Math.max(step.attempts, event.attempts)
      step.error = { ...event.error }
      manifest.failures.push({ kind: event.error.kind, step: event.step, message: event.error.message, timestamp: event.ts })
      lists.finish(event.step, false)
      return true
    }
    case 'step.skipped': {
      const step = ensureStep(manifest, lists, event.step)
      step.status = 'skipped'
      finishStep(step, event.ts, null)
      step.error = { kind: 'skipped', message: event.reason, retryable: false }
      lists.finish(event.step, false)
      return true
    }
    case 'step.cancelled': {
      const step = ensureStep(manifest, lists, event.step)
      step.status = 'cancelled'
      finishStep(step, event.ts, event.duration_s)
      lists.finish(event.step, false)
      return true
    }
    case 'job.notice':
      manifest.notices.push(event.message)
      return true
    case 'step.context_warning':
      manifest.notices.push(`${event.step}: ${event.message}`)
      return true
    case 'step.check': {
      const step = ensureStep(manifest, lists, event.step)
      step.check = { command: event.command, status: event.status, exit_code: event.exit_code, artifact: event.artifact ?? null }
      if (event.round !== undefined) recordCheckRound(manifest, step, event.step, event.round, event.status)
      return true
    }
    case 'step.token':
    case 'step.thinking':
    case 'step.tool_call':
    case 'step.tool_result':
    case 'step.tool_rejected':
    case 'file.flagged':
    case 'step.corrective_turn':
    case 'cache.miss':
    case 'step.waiting': // stays 'pending' in the manifest; live views show the wait
      return false
  }
}

export function applyEvent(manifest: Manifest, event: RunEvent): void {
  reduceEvent(manifest, event, arrayLists(manifest))
}

/** Rebuilds the manifest from the last `job.started` onward; null when there is none. pid is null. */
export function manifestFromEvents(events: RunEvent[]): Manifest | null {
  let start = -1
  for (let i = events.length - 1; i >= 0; i--) {
    if (events[i]?.type === 'job.started') {
      start = i
      break
    }
  }
  const first = events[start]
  if (!first || first.type !== 'job.started') return null
  const manifest = initialManifest({
    jobId: first.job_id,
    project: first.project,
    taskDescription: first.task_description,
    provider: first.provider,
    specSha256: first.spec_sha256,
    startedAt: first.ts,
    pid: null,
    steps: first.steps,
    ...(first.parent_job_id !== undefined ? { parentJobId: first.parent_job_id } : {}),
    ...(first.rerun_from !== undefined ? { rerunFrom: first.rerun_from } : {}),
  })
  const lists = arrayLists(manifest)
  for (let i = start; i < events.length; i++) {
    const event = events[i]
    if (event) reduceEvent(manifest, event, lists)
  }
  return manifest
}
