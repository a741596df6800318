/**
 * `orchestrator show <job_id>`: one run, read from its folder (manifest.json, events.jsonl), so
 * it works even without the SQLite index; a run whose process died is marked `interrupted` first
 * (steps that were running too), as `list` does. Default: overview (tokens, cost, cache savings),
 * per-step table (tokens and cost per step), files (sha256
 * prefix, size) and failures. --files: only the file list (full sha256); --events: only the
 * timeline (streamed tokens only with --verbose; a torn last line is noted); --json: the
 * manifest itself (with --events, `{ manifest, events }`).
 */
import { z } from 'zod'
import type { Manifest } from '../../shared/manifest'
import { commonFlagShape, parseCommandArgs, type CommandSpec } from '../args'
import type { CliIo } from '../cli-io'
import { EXIT_OK, type CliCommand } from '../command'
import { describeError, eventLine } from '../../shared/event-text'
import { formatBytes, formatCount, formatDateTime, formatDuration, formatTable, truncate } from '../format'
import { formatUsd, savedLine } from '../format-cost'
import { unpricedLines } from '../unpriced-lines'
import { CLI_RUN_HINT, readManifest, readRunEvents, resolveRunsDir } from '../run-location'
import { locateRun } from '../../core/run/locate-run'
import { recoverRun } from '../../core/history/recover'
import { usedDemoProvider } from '../run-summary'

const schema = z.object({
  ...commonFlagShape,
  events: z.boolean().optional(),
  files: z.boolean().optional(),
  json: z.boolean().optional(),
})

const spec: CommandSpec<typeof schema> = {
  name: 'show',
  summary: 'show one run: status, steps, files, failures (or its event timeline)',
  positionals: [{ name: 'job_id', description: "a job id such as job_0123456789ab (see 'orchestrator list')" }],
  flags: {
    events: { type: 'boolean', description: 'print the event timeline from events.jsonl' },
    files: { type: 'boolean', description: 'print the files written (path, size, sha256, step)' },
    json: { type: 'boolean', description: 'print the manifest as JSON' },
  },
  schema,
  examples: ['orchestrator show job_0123456789ab', 'orchestrator show job_0123456789ab --events'],
}

function overview(m: Manifest, runDir: string): string[] {
  const demo = usedDemoProvider(m) ? '  (offline demo output)' : ''
  const { prompt_tokens: p, completion_tokens: c } = m.usage
  const saved = savedLine(m.saved_tokens, m.saved_usd)
  return [
    `${m.job_id}  ${m.status}${demo}`,
    `  project   ${m.project}`,
    `  task      ${truncate(m.task_description, 100)}`,
    `  provider  ${m.provider}`,
    `  started   ${formatDateTime(m.started_at)}`,
    `  finished  ${formatDateTime(m.finished_at)}`,
    `  duration  ${formatDuration(m.duration_s)}`,
    `  tokens    ${formatCount(p + c)} (prompt ${formatCount(p)}, completion ${formatCount(c)})`,
    `  cost      ${formatUsd(m.cost_usd)}`,
    ...(saved ? [`  saved     ${saved} (answers replayed from the cache)`] : []),
    `  run dir   ${runDir}`,
    ...unpricedLines(m).map((hint) => `  note: ${hint}`),
  ]
}

function stepsTable(m: Manifest): string[] {
  const rows = Object.entries(m.steps).map(([id, s]) => [
    id,
    s.agent,
    `${s.provider}/${s.model}`,
    s.status,
    formatDuration(s.duration_s),
    String(s.attempts),
    String(s.provider_calls),
    formatCount(s.usage.prompt_tokens + s.usage.completion_tokens),
    formatUsd(s.cost_usd),
    s.cache_hit ? (s.saved_tokens > 0 ? `yes (${formatCount(s.saved_tokens)} tok saved)` : 'yes') : 'no',
  ])
  const headers = ['step', 'agent', 'provider/model', 'status', 'duration', 'attempts', 'calls', 'tokens', 'cost', 'cached']
  return ['', 'steps', formatTable(headers, rows, { right: [4, 5, 6, 7, 8], indent: '  ' })]
}

function filesTable(m: Manifest, fullHash: boolean): string[] {
  if (m.files.length === 0) return ['', 'files: none written']
  const rows = m.files.map((f) => [f.path, formatBytes(f.size_bytes), fullHash ? f.sha256 : f.sha256.slice(0, 12), f.step])
  return ['', `files (${m.files.length}, in outputs/)`, formatTable(['path', 'size', 'sha256', 'step'], rows, { right: [1], indent: '  ' })]
}

function failureLines(m: Manifest): string[] {
  if (m.failures.length === 0) return []
  return ['', 'failures', ...m.failures.map((f) => `  ${f.step ?? 'job'}: ${describeError(f)}  (${formatDateTime(f.timestamp)})`)]
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseCommandArgs(spec, argv)
  const paths = locateRun(resolveRunsDir(flags['runs-dir'], io), positionals[0] ?? '', CLI_RUN_HINT)
  recoverRun({ jobId: positionals[0] ?? '', dir: paths.root, manifestPath: paths.manifest, eventsPath: paths.events })
  const manifest = readManifest(paths.manifest)
  const verbose = flags.verbose === true
  const log = flags.events ? readRunEvents(paths.events) : undefined
  const events = log ? log.events.filter((e) => verbose || (e.type !== 'step.token' && e.type !== 'step.thinking')) : []

  if (flags.json) {
    const body = log ? { manifest, events } : manifest
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`)
    return EXIT_OK
  }

  const lines: string[] = []
  if (!flags.events && !flags.files) {
    lines.push(...overview(manifest, paths.root), ...stepsTable(manifest), ...filesTable(manifest, false), ...failureLines(manifest))
  }
  if (flags.files) lines.push(...filesTable(manifest, true).slice(1))
  if (log) {
    if (lines.length > 0) lines.push('')
    lines.push(...events.map(eventLine))
    if (log.tornLastLine) lines.push('note: the last line of events.jsonl is incomplete (a write was cut off) and was skipped')
    if (log.invalidLines > 0) lines.push(`note: ${log.invalidLines} line(s) of events.jsonl are not valid events and were skipped`)
  }
  io.stdout.write(`${lines.join('\n')}\n`)
  return EXIT_OK
}

export const showCommand: CliCommand = { spec, run }
