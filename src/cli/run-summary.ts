/**
 * The closing summary of `orchestrator run`, built only from the final manifest: run id, run
 * folder, duration, status, step counts, tokens and cost (per step and total, what the cache
 * saved, how to price an unknown model), every file written (path and size) and, for a
 * run that did not succeed, every failure with its kind and message. A run served by the
 * offline demo provider says so in its status line.
 */
import { join } from 'node:path'
import type { Manifest } from '../shared/manifest'
import { describeAutoRunFlag } from '../shared/auto-run-flags'
import { formatBytes, formatCount, formatDuration, formatTable } from './format'
import { formatUsd, savedLine } from './format-cost'
import { unpricedLines } from './unpriced-lines'

/** True when any step was served by the canned offline demo provider. */
export function usedDemoProvider(manifest: Manifest): boolean {
  return manifest.provider === 'demo' || Object.values(manifest.steps).some((s) => s.provider === 'demo')
}

function stepCounts(manifest: Manifest): string {
  const steps = Object.values(manifest.steps)
  const counts = new Map<string, number>()
  for (const s of steps) counts.set(s.status, (counts.get(s.status) ?? 0) + 1)
  const order = ['succeeded', 'failed', 'skipped', 'cancelled', 'running', 'pending'] as const
  const parts = order.filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`)
  const cached = steps.filter((s) => s.status === 'succeeded' && s.cache_hit && s.provider_calls === 0).length
  return `${parts.join(', ') || 'none'}${cached > 0 ? ` (${cached} replayed from cache, no model call)` : ''}`
}

function stepCostTable(manifest: Manifest): string[] {
  const rows = Object.entries(manifest.steps)
    .filter(([, s]) => s.status !== 'pending' && s.status !== 'skipped')
    .map(([id, s]) => [
      id,
      `${s.provider}/${s.model}`,
      formatCount(s.usage.prompt_tokens + s.usage.completion_tokens),
      formatUsd(s.cost_usd),
      formatDuration(s.duration_s),
      s.saved_tokens > 0 ? `${formatCount(s.saved_tokens)} saved` : '',
    ])
  if (rows.length === 0) return []
  return [formatTable(['step', 'provider/model', 'tokens', 'cost', 'time', 'cache'], rows, { right: [2, 3, 4], indent: '    ' })]
}

/** Failures a plain resume cannot fix (the same code or decision would fail again). */
const NOT_FIXED_BY_RESUME = new Set([
  'check_failed',
  'check_setup_failed',
  'rejected',
  'no_files_written',
  'max_turns',
  'auth',
  'context_length',
])

function nextSteps(manifest: Manifest): string[] {
  const id = manifest.job_id
  if (manifest.status === 'awaiting_approval') {
    const waiting = Object.entries(manifest.steps).filter(([, s]) => s.status === 'awaiting_approval')
    return waiting.map(([step]) => `  approve with: orchestrator approve ${id} ${step}   (or: orchestrator reject ${id} ${step})`)
  }
  if (manifest.status !== 'cancelled' && manifest.status !== 'failed' && manifest.status !== 'interrupted') return []
  const failedStep = Object.entries(manifest.steps).find(([, s]) => s.status === 'failed')
  if (failedStep && NOT_FIXED_BY_RESUME.has(failedStep[1].error?.kind ?? '')) {
    return [
      `  to change step '${failedStep[0]}' and run again: orchestrator rerun ${id} --from ${failedStep[0]} --prompt-file F (or --model M)`,
    ]
  }
  return [`  continue it in place: orchestrator resume ${id}   (finished steps are kept, no model calls for them)`]
}

export function formatRunSummary(manifest: Manifest, runDir: string): string {
  const title = {
    succeeded: '✓ Job succeeded',
    failed: '✗ Job FAILED',
    cancelled: '⊘ Job cancelled',
    interrupted: '⊘ Job interrupted',
    running: '… Job still running',
    awaiting_approval: '⏸ Job awaiting approval',
  }[manifest.status]
  const demo = usedDemoProvider(manifest) ? ' (offline demo output)' : ''
  const { prompt_tokens: prompt, completion_tokens: completion } = manifest.usage
  const lines = [
    '',
    `${title}${demo}`,
    `  run id    ${manifest.job_id}`,
    `  run dir   ${runDir}`,
    `  duration  ${formatDuration(manifest.duration_s)}`,
    `  status    ${manifest.status}`,
    `  steps     ${stepCounts(manifest)}`,
    `  tokens    ${formatCount(prompt + completion)} (prompt ${formatCount(prompt)}, completion ${formatCount(completion)})`,
    `  cost      ${formatUsd(manifest.cost_usd)}`,
  ]
  const saved = savedLine(manifest.saved_tokens, manifest.saved_usd)
  if (saved) lines.push(`  saved     ${saved} by cache hits (no model call)`)
  lines.push(...stepCostTable(manifest), ...unpricedLines(manifest).map((hint) => `  note: ${hint}`))
  lines.push(`  files     ${manifest.files.length} written to ${join(runDir, 'outputs')}`)
  if (manifest.files.length > 0) {
    const rows = manifest.files.map((f) => [f.path, formatBytes(f.size_bytes), f.step])
    lines.push(formatTable(['path', 'size', 'step'], rows, { right: [1], indent: '    ' }))
  }
  const flagged = manifest.files.filter((f) => f.flags.length > 0)
  if (flagged.length > 0) {
    lines.push(
      `  flagged   ${flagged.length} file${flagged.length === 1 ? '' : 's'} that run commands on their own — review before installing or opening the project:`,
    )
    for (const f of flagged) lines.push(`    ${f.path}: ${f.flags.map(describeAutoRunFlag).join('; ')}`)
  }
  if (manifest.failures.length > 0) {
    lines.push('  failures')
    for (const f of manifest.failures) {
      const [first = '', ...rest] = f.message.split('\n')
      lines.push(`    ${f.step ?? 'job'}: [${f.kind}] ${first}`, ...rest.map((l) => `      ${l}`))
    }
  }
  lines.push(...nextSteps(manifest))
  return `${lines.join('\n')}\n`
}
