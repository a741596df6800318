/**
 * `orchestrator tail <job_id>`: the run's events, filtered by type (exact, or a prefix such as
 * `step.` / `step.*`), step and minimum level. Streamed tokens are hidden unless asked for by
 * type or --verbose. --follow polls events.jsonl until the job's terminal event, until the run
 * is no longer `running` (e.g. interrupted) or its writer process is gone, or until the CLI's
 * signal aborts.
 */
import { setTimeout as delay } from 'node:timers/promises'
import { z } from 'zod'
import { isProcessAlive } from '../../core/history/recover'
import { levelSchema, runEventSchema, type RunEvent } from '../../shared/run-event'
import { commonFlagShape, parseCommandArgs, type CommandSpec } from '../args'
import type { CliIo } from '../cli-io'
import { EXIT_OK, type CliCommand } from '../command'
import { eventLine } from '../../shared/event-text'
import { CLI_RUN_HINT, readManifest, readRunEvents, resolveRunsDir } from '../run-location'
import { locateRun } from '../../core/run/locate-run'

const EVENT_TYPES: readonly string[] = runEventSchema().options.map((o) => o.shape.type.value)
const LEVELS = levelSchema.options
const TERMINAL = new Set<string>(['job.succeeded', 'job.failed', 'job.cancelled'])
const FOLLOW_POLL_MS = 200

const typeList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  )
  .refine((types) => types.length > 0, 'needs at least one event type')
  .refine(
    (types) =>
      types.every((t) => EVENT_TYPES.includes(t) || EVENT_TYPES.some((k) => k.startsWith(t.replace(/\*$/, '')) && /[.*]$/.test(t))),
    `unknown event type; known: ${EVENT_TYPES.join(', ')} (or a prefix such as step.*)`,
  )

const schema = z.object({
  ...commonFlagShape,
  type: typeList.optional(),
  step: z
    .string()
    .min(1, 'needs a step id')
    .transform((s) =>
      s
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    )
    .optional(),
  level: z.enum(LEVELS, { error: `must be one of ${LEVELS.join(', ')}` }).optional(),
  follow: z.boolean().optional(),
  json: z.boolean().optional(),
})

const spec: CommandSpec<typeof schema> = {
  name: 'tail',
  summary: "print a run's events, filtered; --follow waits for new ones",
  positionals: [{ name: 'job_id', description: "a job id such as job_0123456789ab (see 'orchestrator list')" }],
  flags: {
    type: { type: 'string', valueName: 'T', description: 'only these event types, comma-separated; a prefix like step.* matches a family' },
    step: { type: 'string', valueName: 'S', description: 'only events of these steps, comma-separated' },
    level: { type: 'string', valueName: 'L', description: `only events at this level or above: ${LEVELS.join(' < ')}` },
    follow: { type: 'boolean', short: 'f', description: 'keep printing new events until the run ends (Ctrl-C stops)' },
    json: { type: 'boolean', description: 'print each event as one JSON line' },
  },
  schema,
  examples: ['orchestrator tail job_0123456789ab --step builder', 'orchestrator tail job_0123456789ab --type step.* --follow'],
}

interface EventFilter {
  types?: string[]
  steps?: string[]
  level?: RunEvent['level']
  verbose: boolean
}

/** Streamed pieces (answer tokens, thinking) are shown only with --verbose or asked for by type. */
function isStreamed(event: RunEvent): boolean {
  return event.type === 'step.token' || event.type === 'step.thinking'
}

function matchesFilter(event: RunEvent, filter: EventFilter): boolean {
  if (filter.types) {
    const ok = filter.types.some((t) => (/[.*]$/.test(t) ? event.type.startsWith(t.replace(/\*$/, '')) : event.type === t))
    if (!ok) return false
    if (isStreamed(event) && !filter.verbose && !filter.types.includes(event.type)) return false
  } else if (isStreamed(event) && !filter.verbose) {
    return false
  }
  if (filter.steps && !('step' in event && filter.steps.includes(event.step))) return false
  if (filter.level && LEVELS.indexOf(event.level) < LEVELS.indexOf(filter.level)) return false
  return true
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseCommandArgs(spec, argv)
  const paths = locateRun(resolveRunsDir(flags['runs-dir'], io), positionals[0] ?? '', CLI_RUN_HINT)
  const filter: EventFilter = { types: flags.type, steps: flags.step, level: flags.level, verbose: flags.verbose === true }
  const print = (event: RunEvent): void => {
    if (matchesFilter(event, filter)) io.stdout.write(flags.json ? `${JSON.stringify(event)}\n` : `${eventLine(event)}\n`)
  }

  let lastSeq = -1
  let ended = false
  const drain = (): boolean => {
    const log = readRunEvents(paths.events)
    for (const event of log.events) {
      if (event.seq <= lastSeq) continue
      lastSeq = event.seq
      if (TERMINAL.has(event.type)) ended = true
      print(event)
    }
    return log.tornLastLine
  }

  const torn = drain()
  if (!flags.follow) {
    if (torn) io.stderr.write('note: the last line of events.jsonl is incomplete (a write was cut off) and was skipped\n')
    return EXIT_OK
  }
  const signal = io.signal
  while (!ended && !signal?.aborted) {
    try {
      await delay(FOLLOW_POLL_MS, undefined, { signal })
    } catch {
      break
    }
    drain()
    if (ended) break
    const manifest = readManifest(paths.manifest)
    const writerGone = manifest.pid === null || !isProcessAlive(manifest.pid)
    if (manifest.status !== 'running' || writerGone) {
      drain()
      if (!ended)
        io.stderr.write(
          `note: run ${manifest.job_id} is ${writerGone && manifest.status === 'running' ? 'no longer written by any process (interrupted)' : manifest.status}; stopped following\n`,
        )
      break
    }
  }
  return EXIT_OK
}

export const tailCommand: CliCommand = { spec, run }
