/**
 * `orchestrator import <file.zip>`: unpacks a bundle made by `export` into a new run folder of
 * the runs folder, after checking every entry (names, links, sizes, every SHA-256 against
 * bundle.json and manifest.json). A refused bundle leaves nothing behind (exit 2). A job id
 * that already exists here gets a new one. `orchestrator replay <job_id>` then works offline.
 */
import { resolve } from 'node:path'
import { z } from 'zod'
import { importRun } from '../../core/bundle/import-run'
import { commonFlagShape, parseCommandArgs, type CommandSpec } from '../args'
import type { CliIo } from '../cli-io'
import { EXIT_OK, type CliCommand } from '../command'
import { formatBytes, formatCount } from '../format'
import { resolveRunsDir } from '../run-location'

const schema = z.object({ ...commonFlagShape, json: z.boolean().optional() })

const spec: CommandSpec<typeof schema> = {
  name: 'import',
  summary: 'unpack a run bundle (zip) into the runs folder after checking every hash',
  positionals: [{ name: 'file', description: 'a zip made by orchestrator export' }],
  flags: { json: { type: 'boolean', description: 'print the result as JSON' } },
  schema,
  examples: [
    'orchestrator import notes-run.zip',
    'orchestrator import notes-run.zip --runs-dir ./runs && orchestrator replay job_0123456789ab',
  ],
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseCommandArgs(spec, argv)
  const runsDir = resolveRunsDir(flags['runs-dir'], io)
  const result = await importRun({ zipFile: resolve(io.cwd, positionals[0] ?? ''), runsDir })
  if (flags.json) {
    const body = {
      job_id: result.jobId,
      run_dir: result.runDir,
      original_job_id: result.originalJobId,
      entries: result.entries,
      bytes: result.bytes,
    }
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`)
  } else {
    const renamed = result.jobId === result.originalJobId ? '' : ` (${result.originalJobId} already exists here, so it got a new id)`
    io.stdout.write(
      `imported ${result.jobId}${renamed}\n  run dir  ${result.runDir}\n  ${formatCount(result.entries)} files, ${formatBytes(result.bytes)}, every hash checked\n` +
        `  replay it offline: orchestrator replay ${result.jobId}\n`,
    )
  }
  return EXIT_OK
}

export const importCommand: CliCommand = { spec, run }
