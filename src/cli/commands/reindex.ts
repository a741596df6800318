/**
 * `orchestrator reindex`: rebuilds the SQLite index from the run folders (the folders are the
 * source of truth; the index can always be thrown away). Prints how many runs were indexed and
 * lists every run whose manifest is missing or damaged as `corrupt`, with the reason.
 */
import { existsSync } from 'node:fs'
import { z } from 'zod'
import { openRunsDir } from '../../core/history/open-runs-dir'
import { reindex } from '../../core/history/reindex'
import { commonFlagShape, parseCommandArgs, type CommandSpec } from '../args'
import type { CliIo } from '../cli-io'
import { EXIT_OK, type CliCommand } from '../command'
import { resolveRunsDir } from '../run-location'
import { UsageError } from '../usage-error'

const schema = z.object({ ...commonFlagShape })

const spec: CommandSpec<typeof schema> = {
  name: 'reindex',
  summary: 'rebuild the run history index (history.sqlite) from the run folders',
  positionals: [],
  flags: {},
  schema,
  examples: ['orchestrator reindex --runs-dir ./runs'],
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { flags } = parseCommandArgs(spec, argv)
  const runsDir = resolveRunsDir(flags['runs-dir'], io)
  if (!existsSync(runsDir)) throw new UsageError(`no runs folder at ${runsDir}; pass --runs-dir or set ORCHESTRATOR_RUNS_DIR`, 'reindex')
  const { db, recovered } = openRunsDir(runsDir)
  try {
    const result = reindex(runsDir, db)
    io.stdout.write(`indexed ${result.indexed} run${result.indexed === 1 ? '' : 's'} from ${runsDir}\n`)
    if (recovered.length > 0) io.stdout.write(`marked ${recovered.length} run(s) interrupted: ${recovered.join(', ')}\n`)
    if (result.skipped.length > 0) {
      io.stdout.write(`${result.skipped.length} corrupt run${result.skipped.length === 1 ? '' : 's'} (not indexed; the folder is kept):\n`)
      for (const bad of result.skipped) io.stdout.write(`corrupt  ${bad.jobId}  ${bad.dir}: ${bad.reason}\n`)
    }
    return EXIT_OK
  } finally {
    db.close()
  }
}

export const reindexCommand: CliCommand = { spec, run }
