/**
 * `orchestrator doctor`: a report of what local and cloud models can run here — detected
 * hardware and the tuning profile, the Ollama server (found, started for the check and stopped
 * again, or missing), its models and how many requests it takes at once (and how to raise that), MLX, API keys (masked, never in full) — and, for each
 * problem, what to do. `--json` prints the same report as one object. It is a report: exit 0
 * even when it finds problems; 2 only for bad flags.
 */
import { z } from 'zod'
import { describeHardware } from '../../core/machine/hardware'
import { gatherDoctorReport, type DoctorReport } from '../../core/launcher/doctor-report'
import { formatCloudReport } from '../../core/launcher/doctor-cloud'
import { serverEnvOf } from '../../core/machine/tuning-profile'
import { commonFlagShape, parseCommandArgs, type CommandSpec } from '../args'
import type { CliIo } from '../cli-io'
import { EXIT_OK, type CliCommand } from '../command'
import { createLaunchProgress } from '../launch-progress'

const schema = z.object({
  ...commonFlagShape,
  json: z.boolean().optional(),
  'no-start': z.boolean().optional(),
})

const spec: CommandSpec<typeof schema> = {
  name: 'doctor',
  summary: 'check hardware, local model servers, models and API keys, and say how to fix problems',
  positionals: [],
  flags: {
    json: { type: 'boolean', description: 'print the report as one JSON object' },
    'no-start': { type: 'boolean', description: 'only look for a running Ollama; do not start one for the check' },
  },
  schema,
  examples: ['orchestrator doctor', 'orchestrator doctor --json'],
}

const MARK: Record<DoctorReport['problems'][number]['severity'], string> = { error: '✗', warning: '!', info: 'i' }

function ollamaLine(o: DoctorReport['ollama']): string {
  const binary = o.binary ? `; binary ${o.binary}` : ''
  const version = o.version ? ` (version ${o.version})` : ''
  switch (o.status) {
    case 'running':
      return `running at ${o.host}${version}${binary}`
    case 'started':
      return `not running; started it at ${o.host}${version} for this check and stopped it again${binary}`
    case 'failed':
      return `could not be used at ${o.host}${binary}`
    case 'not_running':
      return `not running at ${o.host}${o.binary ? binary : '; not installed'}`
  }
}

function formatDoctorReport(report: DoctorReport): string {
  const p = report.profile
  const env = Object.entries(serverEnvOf(p))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')
  const options = Object.entries(p.options)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')
  const lines = [
    `hardware  ${describeHardware(report.hardware)}`,
    `profile   ${p.name}${p.overridden.length > 0 ? ` (overridden: ${p.overridden.join(', ')})` : ''}`,
    `  server  ${env} (when orchestrator starts Ollama)`,
    `  request ${options}`,
    `ollama    ${ollamaLine(report.ollama)}`,
    `  model   ${report.ollama.model.why}`,
    `  slots   ${report.ollama.parallel.limit} request${report.ollama.parallel.limit === 1 ? '' : 's'} at a time (the scheduler's Ollama limit): ${report.ollama.parallel.from}`,
    `  raise   ${report.ollama.parallel.raise}`,
    `  memory  ${report.ollama.parallel.memory}`,
  ]
  if (report.ollama.status === 'running' || report.ollama.status === 'started') {
    lines.push(`  models  ${report.ollama.models.length > 0 ? report.ollama.models.join(', ') : '(none pulled yet)'}`)
  }
  const mlx = report.mlx
  lines.push(
    `mlx       ${mlx.running ? `running at ${mlx.baseUrl}${mlx.models.length > 0 ? ` (${mlx.models.join(', ')})` : ''}` : mlx.command ? `installed (${mlx.command}); not running — orchestrator run starts it` : 'not installed'}`,
    `keys      ${report.keys.map((k) => `${k.name} ${k.present ? `set (${k.masked ?? ''})` : 'not set'}`).join('; ')}`,
    ...formatCloudReport(report.cloud),
    '',
  )
  if (report.problems.length === 0) {
    lines.push('no problems found')
  } else {
    lines.push(`${report.problems.length} thing(s) to look at:`)
    for (const problem of report.problems) lines.push(`  ${MARK[problem.severity]} ${problem.message}`, `    fix: ${problem.fix}`)
  }
  return `${lines.join('\n')}\n`
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { flags } = parseCommandArgs(spec, argv)
  const json = flags.json === true
  const progress = createLaunchProgress(io.stderr, { tty: false })
  const report = await gatherDoctorReport({
    env: io.env,
    signal: io.signal,
    start: flags['no-start'] !== true,
    onProgress: flags.verbose ? progress.onProgress : undefined,
  })
  io.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report))
  return EXIT_OK
}

export const doctorCommand: CliCommand = { spec, run }
