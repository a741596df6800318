/**
 * `orchestrator replay <job_id | run_dir>`: runs a past job again from its run folder alone —
 * the exact resolved spec it recorded, every model answer from the folder's `.cache` — into a new
 * run folder, with zero provider calls. A run folder copied from another machine can be replayed
 * by its path. Exit 0 when the replay succeeded, 1 when a step's answer was not recorded.
 */
import { z } from 'zod'
import { replayJob } from '../../core/engine/replay-job'
import { commonFlagShape, parseCommandArgs, type CommandSpec } from '../args'
import type { CliIo } from '../cli-io'
import type { CliCommand } from '../command'
import { resolveRunsDir, runFolderOf } from '../run-location'
import { runWithOutput } from '../run-output'

const schema = z.object({ ...commonFlagShape, json: z.boolean().optional() })

const spec: CommandSpec<typeof schema> = {
  name: 'replay',
  summary: 'replay a past run from its folder alone, with zero model calls',
  positionals: [{ name: 'run', description: 'a job id in the runs folder, or the path of a run folder' }],
  flags: { json: { type: 'boolean', description: 'print one JSON summary object on stdout (progress goes to stderr)' } },
  schema,
  examples: ['orchestrator replay job_0123456789ab', 'orchestrator replay ~/Downloads/job_0123456789ab --runs-dir ./runs'],
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseCommandArgs(spec, argv)
  const runsDir = resolveRunsDir(flags['runs-dir'], io)
  const runDir = runFolderOf(positionals[0] ?? '', runsDir, io)
  const json = flags.json === true
  return runWithOutput(io, { json, verbose: flags.verbose === true }, (hooks) =>
    replayJob({ ...hooks, runDir, runsDir, signal: io.signal, env: io.env }),
  )
}

export const replayCommand: CliCommand = { spec, run }
