/**
 * One human line per RunEvent, used by plain progress, `tail`, `show --events` and the app's
 * timeline, so the same event reads the same everywhere: `[12:00:01] builder wrote main.py
 * (2.1 KB)`. Step events start with the step id unless the caller shows it in a column of its own.
 */
import { formatBytes, formatClock, formatDuration, formatTokens, truncate } from './format-units'
import type { RunEvent } from './run-event'

interface ErrorLike {
  kind: string
  message: string
}

export function describeError(error: ErrorLike): string {
  return `[${error.kind}] ${error.message}`
}

const PROVIDER_LABELS: Record<string, string> = { ollama: 'an Ollama', openai: 'an OpenAI', anthropic: 'an Anthropic', mlx: 'an MLX' }

function slotName(provider: string): string {
  return PROVIDER_LABELS[provider] ?? `a ${provider}`
}

function describeBody(event: RunEvent): string {
  switch (event.type) {
    case 'job.started':
      return `job started: ${event.project} (${event.steps.length} steps, provider ${event.provider})`
    case 'job.resumed':
      return `job resumed from ${event.from_status}: ${event.reused_steps.length} steps reused, ${event.rerun_steps.length} to run`
    case 'job.awaiting_approval':
      return `job paused after ${formatDuration(event.duration_s)}: awaiting approval of ${event.steps.join(', ')}`
    case 'step.reused':
      return `reused from ${event.from_job_id} (no model call)`
    case 'step.round':
      return `${event.check_step} check failed — round ${event.round}/${event.max_rounds}: ${event.step} fixing`
    case 'step.awaiting_approval':
      return 'awaiting approval'
    case 'step.approved':
      return `approved${event.prompt_edited ? ' (prompt edited)' : ''}`
    case 'step.rejected':
      return `rejected: ${event.reason}`
    case 'job.notice':
      return `notice: ${event.message}`
    case 'job.succeeded':
      return `job succeeded in ${formatDuration(event.duration_s)}`
    case 'job.failed':
      return `job failed after ${formatDuration(event.duration_s)}: ${describeError(event.error)}`
    case 'job.cancelled':
      return `job cancelled after ${formatDuration(event.duration_s)}`
    case 'step.waiting':
      return `waiting for ${slotName(event.provider)} slot (${event.limit} at a time${event.hint ? `; ${event.hint}` : ''})`
    case 'step.started':
      return `started (${event.provider} ${event.model})`
    case 'step.token':
      return `token ${JSON.stringify(event.text)}`
    case 'step.thinking':
      return `thinking ${JSON.stringify(event.text)}`
    case 'step.tool_call':
      return `calls ${event.tool}${event.path ? ` ${event.path}` : ''}`
    case 'step.tool_result':
      return `${event.tool} ${event.ok ? 'returned' : 'failed'}: ${truncate(event.content.replace(/\s+/g, ' '), 120)}`
    case 'step.tool_rejected':
      return `tool ${event.tool}${event.path ? ` (${event.path})` : ''} rejected: ${event.reason}`
    case 'step.retry':
      return `attempt ${event.attempt}${event.max_attempts ? ` of ${event.max_attempts}` : ''} in ${formatDuration(event.delay_ms / 1000)} after ${describeError(event.error)}`
    case 'step.corrective_turn':
      return `corrective turn: ${event.reason}`
    case 'step.context_warning':
      return `${event.truncated ? 'prompt truncated' : 'context nearly full'}: ${event.message}`
    case 'step.check':
      return `check \`${event.command}\` ${event.status}${event.exit_code !== null ? ` (exit ${event.exit_code})` : ''}${event.reason ? `: ${event.reason}` : ''}`
    case 'step.succeeded':
      return `succeeded in ${formatDuration(event.duration_s)}, ${formatTokens(event.usage.prompt_tokens, event.usage.completion_tokens)} tokens${event.cache_hit ? ' (from cache, no model call)' : ''}${event.attempts > 1 ? ` after ${event.attempts} attempts` : ''}`
    case 'step.failed':
      return `failed after ${event.attempts} attempt${event.attempts === 1 ? '' : 's'} (${formatDuration(event.duration_s)}): ${describeError(event.error)}`
    case 'step.skipped':
      return `skipped: ${event.reason}`
    case 'step.cancelled':
      return `cancelled`
    case 'cache.hit':
      return `cache hit ${event.key.slice(0, 12)}`
    case 'cache.miss':
      return `cache miss ${event.key.slice(0, 12)}`
    case 'llm.request':
      return `model request turn ${event.turn} (${event.provider} ${event.model})`
    case 'llm.response':
      return `model response turn ${event.turn}: ${event.stop_reason}, ${formatTokens(event.usage.prompt_tokens, event.usage.completion_tokens)} tokens${event.cached ? ' (cached)' : ` in ${formatDuration(event.duration_ms / 1000)}`}`
    case 'provider.call':
      return `provider call ${event.provider} ${event.model} (attempt ${event.attempt})`
    case 'file.written':
      return `wrote ${event.path} (${formatBytes(event.size_bytes)})`
    case 'file.flagged':
      return `flagged ${event.path}: ${event.reason}`
    case 'artifact.created':
      return `saved ${event.path} (${formatBytes(event.size_bytes)})`
  }
}

export interface DescribeOptions {
  /** Start step events with the step id (default true). */
  step?: boolean
}

export function describeEvent(event: RunEvent, options: DescribeOptions = {}): string {
  const body = describeBody(event)
  return options.step !== false && 'step' in event && event.type !== 'step.round' ? `${event.step} ${body}` : body
}

export function eventLine(event: RunEvent): string {
  return `[${formatClock(event.ts)}] ${truncate(describeEvent(event), 2000)}`
}
