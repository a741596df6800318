/**
 * `orchestrator diff <job_a> <job_b>`: what changed between two runs — the resolved specs key by
 * key, the steps side by side (status, provider/model, tokens, cost, duration, cache) with the
 * first step whose input differs, then the outputs file by file with unified line diffs for text
 * and hashes for binary files. Files are streamed: each is printed as soon as it is compared.
 * --json prints the same content as one JSON object (files one per line); --files-only skips
 * line diffs. Exit 0 when the runs' outputs are identical, 1 when they differ, 2 for bad input.
 */
import { z } from 'zod'
import { diffRunFiles, diffRunHeader, emptyTotals, type FileChange, type RunDiffHeader, type StepSide } from '../../core/diff/run-diff'
import { formatHunks } from '../../core/diff/line-diff'
import { commonFlagShape, parseCommandArgs, type CommandSpec } from '../args'
import type { CliIo } from '../cli-io'
import { EXIT_FAILED, EXIT_OK, type CliCommand } from '../command'
import { formatBytes, formatCount, formatDuration, formatTable, truncate } from '../format'
import { formatUsd } from '../format-cost'
import { resolveRunsDir, runFolderOf } from '../run-location'

const schema = z.object({ ...commonFlagShape, json: z.boolean().optional(), 'files-only': z.boolean().optional() })

const spec: CommandSpec<typeof schema> = {
  name: 'diff',
  summary: 'compare two runs: spec keys, steps (first differing input), output files with line diffs',
  positionals: [
    { name: 'job_a', description: 'the first run: a job id, or the path of a run folder' },
    { name: 'job_b', description: 'the second run' },
  ],
  flags: {
    json: { type: 'boolean', description: 'print the diff as one JSON object' },
    'files-only': { type: 'boolean', description: 'list added/removed/changed files without line diffs' },
  },
  schema,
  examples: ['orchestrator diff job_0123456789ab job_ba9876543210', 'orchestrator diff job_0123456789ab job_ba9876543210 --files-only'],
}

function showValue(value: unknown): string {
  return value === undefined ? '(absent)' : truncate(JSON.stringify(value) ?? 'null', 120)
}

function stepCells(s: StepSide | null): string[] {
  if (!s) return ['—', '', '', '', '']
  const cache = s.cache_hit && s.provider_calls === 0 ? 'cached' : s.cache_hit ? 'part cached' : `${s.provider_calls} calls`
  return [s.status, `${s.provider}/${s.model}`, `${formatCount(s.tokens)} ${formatUsd(s.cost_usd)}`, formatDuration(s.duration_s), cache]
}

function headerText(h: RunDiffHeader): string {
  const lines = [
    `a  ${h.a.job_id}  ${h.a.status}  ${h.a.project}  spec ${h.a.spec_sha256.slice(0, 12)}`,
    `b  ${h.b.job_id}  ${h.b.status}  ${h.b.project}  spec ${h.b.spec_sha256.slice(0, 12)}`,
    '',
    h.spec.length === 0 ? 'spec: identical resolved specs' : `spec: ${h.spec.length} key${h.spec.length === 1 ? '' : 's'} differ`,
  ]
  for (const c of h.spec) {
    const mark = c.change === 'added' ? '+' : c.change === 'removed' ? '-' : '~'
    lines.push(`  ${mark} ${c.key}: ${showValue(c.a)} → ${showValue(c.b)}`)
  }
  lines.push('', 'steps:')
  const rows = h.steps.map((s) => [
    s.id,
    ...stepCells(s.a),
    '|',
    ...stepCells(s.b),
    s.same_input === null ? '?' : s.same_input ? 'same' : 'differs',
  ])
  const heads = [
    'step',
    'a status',
    'a model',
    'a tokens/cost',
    'a time',
    'a cache',
    '|',
    'b status',
    'b model',
    'b tokens/cost',
    'b time',
    'b cache',
    'input',
  ]
  lines.push(formatTable(heads, rows, { indent: '  ' }))
  lines.push(
    h.first_divergent_step === null ? 'every step got the same input' : `first step whose input differs: ${h.first_divergent_step}`,
    '',
  )
  return `${lines.join('\n')}\n`
}

function fileText(change: FileChange, filesOnly: boolean): string {
  const size = (side: FileChange['a']): string => (side ? `${formatBytes(side.size_bytes)} ${side.sha256.slice(0, 12)}` : '')
  if (change.change === 'added') return `+ ${change.path}  (added, ${size(change.b)})\n`
  if (change.change === 'removed') return `- ${change.path}  (removed, ${size(change.a)})\n`
  const head = `~ ${change.path}  (${size(change.a)} → ${size(change.b)})`
  const content = change.content
  if (filesOnly || !content) return `${head}\n`
  if (content.kind === 'binary') return `${head}  binary: sha256 ${change.a?.sha256} → ${change.b?.sha256}\n`
  if (content.kind !== 'text') return `${head}  ${content.reason}\n`
  return `${head}  +${content.added} -${content.removed}\n--- a/${change.path}\n+++ b/${change.path}\n${formatHunks(content.hunks)}\n`
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseCommandArgs(spec, argv)
  const runsDir = resolveRunsDir(flags['runs-dir'], io)
  const dirA = runFolderOf(positionals[0] ?? '', runsDir, io)
  const dirB = runFolderOf(positionals[1] ?? '', runsDir, io)
  const filesOnly = flags['files-only'] === true
  const json = flags.json === true
  const { manifests, ...header } = diffRunHeader(dirA, dirB)
  const totals = emptyTotals()
  if (json) {
    const head = JSON.stringify(header, null, 2)
    io.stdout.write(`${head.slice(0, -2)},\n  "files": [`)
  } else {
    io.stdout.write(headerText(header))
  }
  let first = true
  for await (const change of diffRunFiles({ ...header, manifests }, { filesOnly })) {
    totals[change.change]++
    if (change.change === 'unchanged') continue
    if (json) {
      io.stdout.write(`${first ? '\n' : ',\n'}    ${JSON.stringify(change)}`)
      first = false
    } else {
      io.stdout.write(fileText(change, filesOnly))
    }
  }
  if (json) io.stdout.write(`${first ? '' : '\n  '}],\n  "totals": ${JSON.stringify(totals)}\n}\n`)
  else {
    io.stdout.write(`files: ${totals.added} added, ${totals.removed} removed, ${totals.changed} changed, ${totals.unchanged} unchanged\n`)
  }
  return totals.added + totals.removed + totals.changed === 0 ? EXIT_OK : EXIT_FAILED
}

export const diffCommand: CliCommand = { spec, run }
