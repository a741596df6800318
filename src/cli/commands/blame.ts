/**
 * `orchestrator blame <job_id> <path>`: the chain that produced one output file — the step,
 * round and turn, the model call (id, provider/model, tokens, cache hit), its cache key and the
 * event seq — then every earlier version of the path with where its content is kept.
 */
import { z } from 'zod'
import { blameFile, type BlameVersion, type ModelCallInfo } from '../../core/provenance/blame'
import { commonFlagShape, parseCommandArgs, type CommandSpec } from '../args'
import type { CliIo } from '../cli-io'
import { EXIT_OK, type CliCommand } from '../command'
import { formatBytes, formatCount, formatDateTime } from '../format'
import { formatUsd } from '../format-cost'
import { resolveRunsDir, runFolderOf } from '../run-location'

const schema = z.object({ ...commonFlagShape, json: z.boolean().optional() })

const spec: CommandSpec<typeof schema> = {
  name: 'blame',
  summary: 'show which step, turn and model call wrote a file of a run, and its earlier versions',
  positionals: [
    { name: 'job_id', description: 'a job id, or the path of a run folder' },
    { name: 'path', description: "the file's path in outputs/ (e.g. src/app.py)" },
  ],
  flags: { json: { type: 'boolean', description: 'print the chain as JSON' } },
  schema,
  examples: ['orchestrator blame job_0123456789ab main.py'],
}

function callText(call: ModelCallInfo | null): string {
  if (!call) return 'model call  (not recorded)'
  const tokens = call.prompt_tokens === null ? '' : `, ${formatCount((call.prompt_tokens ?? 0) + (call.completion_tokens ?? 0))} tokens`
  const cost = call.cached ? ', replayed from the cache' : call.cost_usd !== undefined ? `, ${formatUsd(call.cost_usd)}` : ''
  return `model call  ${call.model_call_id} (${call.provider ?? '?'}/${call.model ?? '?'}, turn ${call.turn ?? '?'}${tokens}${cost})`
}

function versionLines(v: BlameVersion): string[] {
  return [
    `  ${v.sha256.slice(0, 12)}  ${formatBytes(v.size_bytes)}  step ${v.step}  seq ${v.seq ?? '?'}  ${formatDateTime(v.created_at)}`,
    `    ${callText(v.model_call)}`,
    `    content     ${v.kept_at ?? '(not kept)'}`,
  ]
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseCommandArgs(spec, argv)
  const runsDir = resolveRunsDir(flags['runs-dir'], io)
  const blame = blameFile(runFolderOf(positionals[0] ?? '', runsDir, io), positionals[1] ?? '')
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(blame, null, 2)}\n`)
    return EXIT_OK
  }
  const c = blame.current
  const lines = [
    `${blame.path}  (${blame.job_id})`,
    `  sha256      ${c.sha256}`,
    `  size        ${formatBytes(c.size_bytes)}  ${c.media_type}`,
    `  written by  step ${c.step}${c.round !== null ? `, round ${c.round}` : ''}${c.turn !== null ? `, turn ${c.turn}` : ''}, event seq ${c.seq ?? '?'}, ${formatDateTime(c.created_at)}`,
    `  ${callText(c.model_call)}`,
    `  cache key   ${c.cache_key ?? '(not recorded)'}`,
    blame.earlier.length === 0 ? 'no earlier versions' : `earlier versions (${blame.earlier.length}, newest first):`,
    ...blame.earlier.flatMap(versionLines),
  ]
  io.stdout.write(`${lines.join('\n')}\n`)
  return EXIT_OK
}

export const blameCommand: CliCommand = { spec, run }
