/**
 * `orchestrator export <job_id | run_dir> [-o file.zip]`: packs a finished run into a portable
 * zip bundle (inputs, manifest, events, outputs, logs, artifacts, earlier file versions and the
 * cache entries the run used), so `import` + `replay` reproduce it on another machine offline.
 */
import { resolve } from 'node:path'
import { z } from 'zod'
import { exportRun } from '../../core/bundle/export-run'
import { commonFlagShape, parseCommandArgs, type CommandSpec } from '../args'
import type { CliIo } from '../cli-io'
import { EXIT_OK, type CliCommand } from '../command'
import { formatBytes, formatCount } from '../format'
import { resolveRunsDir, runFolderOf } from '../run-location'

const schema = z.object({ ...commonFlagShape, output: z.string().min(1, 'needs a file path').optional(), json: z.boolean().optional() })

const spec: CommandSpec<typeof schema> = {
  name: 'export',
  summary: 'pack a run into a zip bundle that import + replay reproduce elsewhere',
  positionals: [{ name: 'run', description: 'a job id in the runs folder, or the path of a run folder' }],
  flags: {
    output: { type: 'string', short: 'o', valueName: 'FILE', description: 'the zip to write (default: ./<job_id>.zip)' },
    json: { type: 'boolean', description: 'print the result as JSON' },
  },
  schema,
  examples: ['orchestrator export job_0123456789ab', 'orchestrator export job_0123456789ab -o ~/Desktop/notes-run.zip'],
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseCommandArgs(spec, argv)
  const runsDir = resolveRunsDir(flags['runs-dir'], io)
  const runDir = runFolderOf(positionals[0] ?? '', runsDir, io)
  const target = positionals[0] ?? ''
  const name = /^job_[0-9a-f]{12}$/.test(target) ? target : (runDir.split(/[\\/]/).at(-1) ?? 'run')
  const outFile = resolve(io.cwd, flags.output ?? `${name}.zip`)
  const result = await exportRun({ runDir, outFile })
  if (flags.json)
    io.stdout.write(
      `${JSON.stringify({ job_id: result.jobId, file: result.file, entries: result.entries, bytes: result.bytes, zip_bytes: result.zipBytes }, null, 2)}\n`,
    )
  else {
    io.stdout.write(
      `exported ${result.jobId} → ${result.file}\n  ${formatCount(result.entries)} files, ${formatBytes(result.bytes)} (zip ${formatBytes(result.zipBytes)})\n`,
    )
  }
  return EXIT_OK
}

export const exportCommand: CliCommand = { spec, run }
