/**
 * `orchestrator list` (alias `list-runs`): recent runs from the SQLite index, newest first, with
 * tokens and cost ("?" when a model's price is unknown).
 * Opening the runs folder first marks runs whose process died as `interrupted` and indexes
 * folders the index does not know yet. A missing runs folder lists nothing and creates nothing.
 */
import { existsSync } from 'node:fs'
import { z } from 'zod'
import { openRunsDir } from '../../core/history/open-runs-dir'
import { runStatusSchema } from '../../shared/run-event'
import { commonFlagShape, parseCommandArgs, positiveIntFlag, type CommandSpec } from '../args'
import type { CliIo } from '../cli-io'
import { EXIT_OK, type CliCommand } from '../command'
import { formatCount, formatDateTime, formatDuration, formatTable, truncate } from '../format'
import { resolveRunsDir } from '../run-location'
import { formatUsd } from '../format-cost'

const statuses = runStatusSchema.options

const schema = z.object({
  ...commonFlagShape,
  status: z.enum(statuses, { error: `must be one of ${statuses.join(', ')}` }).optional(),
  limit: positiveIntFlag(10_000).optional(),
  search: z.string().min(1, 'needs some text').optional(),
  project: z.string().min(1, 'needs a project name').optional(),
  json: z.boolean().optional(),
})

const spec: CommandSpec<typeof schema> = {
  name: 'list',
  aliases: ['list-runs'],
  summary: 'list recent runs (newest first)',
  positionals: [],
  flags: {
    status: { type: 'string', valueName: 'S', description: `only runs with this status: ${statuses.join(', ')}` },
    limit: { type: 'string', valueName: 'N', description: 'at most N runs (default 20)' },
    search: { type: 'string', valueName: 'TEXT', description: 'only runs whose project or task contains TEXT' },
    project: { type: 'string', valueName: 'NAME', description: 'only runs of this project' },
    json: { type: 'boolean', description: 'print the runs as a JSON array' },
  },
  schema,
  examples: ['orchestrator list --status failed', 'orchestrator list-runs --limit 5'],
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { flags } = parseCommandArgs(spec, argv)
  const runsDir = resolveRunsDir(flags['runs-dir'], io)
  if (!existsSync(runsDir)) {
    io.stdout.write(flags.json ? '[]\n' : `no runs yet: ${runsDir} does not exist\n`)
    return EXIT_OK
  }
  const { db, recovered, stale, corrupt } = openRunsDir(runsDir)
  if (stale) io.stderr.write(`note: ${stale}\n`)
  if (corrupt.length > 0) {
    io.stderr.write(
      `note: ${corrupt.length} corrupt run${corrupt.length === 1 ? '' : 's'} not listed (damaged manifest.json): ${corrupt.join(', ')}; 'orchestrator reindex' shows why\n`,
    )
  }
  try {
    if (recovered.length > 0) {
      io.stderr.write(`marked ${recovered.length} run(s) interrupted (their process is gone): ${recovered.join(', ')}\n`)
    }
    const runs = db.listRuns({ status: flags.status, limit: flags.limit ?? 20, search: flags.search, project: flags.project })
    if (flags.json) {
      io.stdout.write(`${JSON.stringify(runs, null, 2)}\n`)
      return EXIT_OK
    }
    if (runs.length === 0) {
      const filtered = flags.status || flags.search || flags.project
      io.stdout.write(`no runs${filtered ? ' match these filters' : ''} in ${runsDir}\n`)
      return EXIT_OK
    }
    const rows = runs.map((r) => [
      r.job_id,
      r.status,
      truncate(r.project, 30),
      formatDateTime(r.started_at),
      formatDuration(r.duration_s),
      formatCount(r.prompt_tokens + r.completion_tokens),
      formatUsd(r.cost_usd),
      String(r.files),
    ])
    const headers = ['job id', 'status', 'project', 'started', 'duration', 'tokens', 'cost', 'files']
    io.stdout.write(`${formatTable(headers, rows, { right: [4, 5, 6, 7] })}\n`)
    return EXIT_OK
  } finally {
    db.close()
  }
}

export const listCommand: CliCommand = { spec, run }
