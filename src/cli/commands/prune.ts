/**
 * `orchestrator prune --keep N | --older-than D [--yes]`: deletes old runs, folder and history
 * row together: all but the newest N, and/or those started more than D ago (30d, 12h, 2w, 90m).
 * Lists what it would delete and asks on a terminal; elsewhere needs --yes. Running jobs are
 * never pruned.
 */
import { z } from 'zod'
import { deleteRuns, selectPrune } from '../../core/history/delete-runs'
import { commonFlagShape, parseCommandArgs, positiveIntFlag, type CommandSpec } from '../args'
import type { CliIo } from '../cli-io'
import { EXIT_FAILED, EXIT_OK, type CliCommand } from '../command'
import { confirmed } from '../confirm'
import { resolveRunsDir } from '../run-location'
import { UsageError } from '../usage-error'

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const

const schema = z.object({
  ...commonFlagShape,
  keep: positiveIntFlag(1_000_000).optional(),
  'older-than': z
    .string()
    .regex(/^[0-9]+[mhdw]$/, 'must be an age such as 30d, 12h, 2w or 90m')
    .transform((s) => Number(s.slice(0, -1)) * UNIT_MS[s.slice(-1) as keyof typeof UNIT_MS])
    .optional(),
  yes: z.boolean().optional(),
  json: z.boolean().optional(),
})

const spec: CommandSpec<typeof schema> = {
  name: 'prune',
  summary: 'delete old runs (keep the newest N, or older than D), folders and history rows',
  positionals: [],
  flags: {
    keep: { type: 'string', valueName: 'N', description: 'keep the newest N runs, delete the rest' },
    'older-than': { type: 'string', valueName: 'D', description: 'delete runs started more than D ago: 30d, 12h, 2w, 90m' },
    yes: { type: 'boolean', short: 'y', description: 'do not ask (needed when not on a terminal)' },
    json: { type: 'boolean', description: 'print what was deleted as JSON' },
  },
  schema,
  examples: ['orchestrator prune --keep 20', 'orchestrator prune --older-than 30d --yes'],
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { flags } = parseCommandArgs(spec, argv)
  if (flags.keep === undefined && flags['older-than'] === undefined) throw new UsageError('prune needs --keep N or --older-than D', 'prune')
  const runsDir = resolveRunsDir(flags['runs-dir'], io)
  const older = flags['older-than']
  const chosen = selectPrune(runsDir, {
    ...(flags.keep !== undefined ? { keep: flags.keep } : {}),
    ...(older !== undefined ? { startedBefore: Date.now() - older } : {}),
  })
  if (chosen.length === 0) {
    io.stdout.write(flags.json ? `${JSON.stringify({ deleted: [] })}\n` : 'nothing to prune\n')
    return EXIT_OK
  }
  if (!flags.json) for (const r of chosen) io.stdout.write(`  ${r.job_id}  ${r.status}  ${r.started_at}  ${r.project}\n`)
  if (!(await confirmed(io, `delete these ${chosen.length} runs?`, flags.yes === true, 'prune'))) {
    io.stdout.write('nothing deleted\n')
    return EXIT_FAILED
  }
  const deleted = deleteRuns(
    runsDir,
    chosen.map((r) => r.job_id),
  )
  io.stdout.write(flags.json ? `${JSON.stringify({ deleted })}\n` : `deleted ${deleted.length} runs\n`)
  return EXIT_OK
}

export const pruneCommand: CliCommand = { spec, run }
