/**
 * `orchestrator rerun <job_id> [--from <step>]`: a NEW job from a past one. With --from, every
 * step outside `<step>` and its descendants is reused from the parent (files restored by content
 * hash, no model call) and `<step>` and its descendants ask the model again — with the prompt of
 * --prompt-file and the --provider / --model for `<step>` when given. Without --from it is a fresh
 * run of the same recorded spec. Prints what it reused and saved, then the run summary.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { z } from 'zod'
import { rerunJob } from '../../core/engine/rerun-job'
import { providerChoicesText } from '../../shared/provider-names'
import { commonFlagShape, parseCommandArgs, type CommandSpec } from '../args'
import type { CliIo } from '../cli-io'
import type { CliCommand } from '../command'
import { terminalApproval } from '../approval-prompt'
import { resolveRunsDir } from '../run-location'
import { UsageError } from '../usage-error'
import { continueWithOutput } from './resume'

const schema = z.object({
  ...commonFlagShape,
  from: z.string().min(1, 'needs a step id').optional(),
  'prompt-file': z.string().min(1, 'needs a file path').optional(),
  provider: z
    .string()
    .regex(/^[a-z0-9_-]+$/, `must be a provider name: ${providerChoicesText()}`)
    .optional(),
  model: z.string().min(1, 'needs a model name').optional(),
  'no-cache': z.boolean().optional(),
  json: z.boolean().optional(),
  'run-checks': z.boolean().optional(),
  'unsafe-checks': z.boolean().optional(),
})

const spec: CommandSpec<typeof schema> = {
  name: 'rerun',
  summary: 'make a new job from a past one, rerunning from one step (the rest is reused, no model calls)',
  positionals: [{ name: 'job_id', description: 'the job to rerun (see orchestrator list)' }],
  flags: {
    from: { type: 'string', valueName: 'STEP', description: 'rerun this step and everything downstream of it; reuse the rest' },
    'prompt-file': { type: 'string', valueName: 'F', description: 'a new prompt (template) for the --from step, read from file F' },
    provider: { type: 'string', valueName: 'P', description: 'provider for the --from step' },
    model: { type: 'string', valueName: 'M', description: 'model for the --from step' },
    'no-cache': { type: 'boolean', description: 'never use the cache, also for a rerun without --from' },
    json: { type: 'boolean', description: 'print one JSON summary object on stdout (progress goes to stderr)' },
    'run-checks': { type: 'boolean', description: "run steps' check commands (they execute generated code)" },
    'unsafe-checks': { type: 'boolean', description: 'with --run-checks: run checks even where no OS sandbox is available' },
  },
  schema,
  examples: [
    'orchestrator rerun job_0123456789ab --from builder',
    'orchestrator rerun job_0123456789ab --from qa --prompt-file qa-prompt.md --model gemma4',
  ],
}

function readPrompt(path: string, io: CliIo): string {
  try {
    const text = readFileSync(resolve(io.cwd, path), 'utf8')
    if (text.trim() === '') throw new UsageError(`--prompt-file ${path} is empty`, 'rerun')
    return text
  } catch (err) {
    if (err instanceof UsageError) throw err
    throw new UsageError(`cannot read --prompt-file ${path}; check the path`, 'rerun')
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseCommandArgs(spec, argv)
  const runsDir = resolveRunsDir(flags['runs-dir'], io)
  const jobId = positionals[0] ?? ''
  if (flags.from === undefined && (flags['prompt-file'] || flags.provider || flags.model)) {
    throw new UsageError('--prompt-file, --provider and --model change one step: give it with --from <step>', 'rerun')
  }
  const prompt = flags['prompt-file'] ? readPrompt(flags['prompt-file'], io) : undefined
  return continueWithOutput(
    io,
    flags,
    (hooks, hold) =>
      rerunJob(runsDir, jobId, {
        ...hooks,
        ...(flags.from !== undefined ? { from: flags.from } : {}),
        ...(prompt !== undefined ? { prompt } : {}),
        ...(flags.provider !== undefined ? { provider: flags.provider } : {}),
        ...(flags.model !== undefined ? { model: flags.model } : {}),
        noCache: flags['no-cache'] === true,
        runChecks: flags['run-checks'] === true,
        unsafeChecks: flags['unsafe-checks'] === true,
        askApproval: terminalApproval(io, flags.json === true, hold),
        signal: io.signal,
        env: io.env,
      }),
    jobId,
  )
}

export const rerunCommand: CliCommand = { spec, run }
