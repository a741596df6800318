/**
 * `orchestrator delete <job_id> [--yes]`: deletes one run — its folder and its row in the history
 * index together. Asks on a terminal; elsewhere needs --yes. A running job is refused.
 */
import { z } from 'zod'
import { deleteRuns, runToDelete } from '../../core/history/delete-runs'
import { commonFlagShape, parseCommandArgs, type CommandSpec } from '../args'
import type { CliIo } from '../cli-io'
import { EXIT_FAILED, EXIT_OK, type CliCommand } from '../command'
import { confirmed } from '../confirm'
import { CLI_RUN_HINT, resolveRunsDir } from '../run-location'

const schema = z.object({ ...commonFlagShape, yes: z.boolean().optional(), json: z.boolean().optional() })

const spec: CommandSpec<typeof schema> = {
  name: 'delete',
  summary: 'delete a run: its folder and its history row',
  positionals: [{ name: 'job_id', description: "the run to delete (see 'orchestrator list')" }],
  flags: {
    yes: { type: 'boolean', short: 'y', description: 'do not ask (needed when not on a terminal)' },
    json: { type: 'boolean', description: 'print what was deleted as JSON' },
  },
  schema,
  examples: ['orchestrator delete job_0123456789ab', 'orchestrator delete job_0123456789ab --yes'],
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseCommandArgs(spec, argv)
  const runsDir = resolveRunsDir(flags['runs-dir'], io)
  const target = runToDelete(runsDir, positionals[0] ?? '', CLI_RUN_HINT)
  const question = `delete ${target.job_id} (${target.project}, ${target.status}, started ${target.started_at})?`
  if (!(await confirmed(io, question, flags.yes === true, 'delete'))) {
    io.stdout.write('nothing deleted\n')
    return EXIT_FAILED
  }
  const deleted = deleteRuns(runsDir, [target.job_id])
  io.stdout.write(flags.json ? `${JSON.stringify({ deleted })}\n` : `deleted ${target.job_id}\n`)
  return EXIT_OK
}

export const deleteCommand: CliCommand = { spec, run }
