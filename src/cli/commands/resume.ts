/**
 * `orchestrator resume <job_id>` (also `run --resume <job_id>`): continues the job in place —
 * the same job id and folder, from the spec recorded in its inputs/; finished steps stay as they
 * are, the rest run (recorded answers from the cache). Prints what it reused and saved, then the
 * run summary. A job another live process runs is refused naming it; a succeeded job has nothing
 * to resume (exit 0). Exit 0 when the job ends succeeded, 1 otherwise, 2 for an unknown job id.
 */
import { z } from 'zod'
import { resumeJob, type ResumeResult } from '../../core/engine/resume-job'
import { OrchestratorError } from '../../core/errors'
import { commonFlagShape, parseCommandArgs, type CommandSpec } from '../args'
import type { CliIo } from '../cli-io'
import { EXIT_OK, type CliCommand } from '../command'
import { savingsLine } from '../continue-output'
import { terminalApproval } from '../approval-prompt'
import { humanStream, runWithOutput, type HoldProgress, type RunHooks } from '../run-output'
import { resolveRunsDir } from '../run-location'
import { BUDGET_FLAGS, budgetFlagShape, budgetFromFlags } from '../budget-flags'

const schema = z.object({
  ...commonFlagShape,
  ...budgetFlagShape,
  json: z.boolean().optional(),
  'run-checks': z.boolean().optional(),
  'unsafe-checks': z.boolean().optional(),
})

const spec: CommandSpec<typeof schema> = {
  name: 'resume',
  summary: 'continue a failed, interrupted or cancelled job in place; finished steps are kept',
  positionals: [{ name: 'job_id', description: 'the job to continue (see orchestrator list)' }],
  flags: {
    json: { type: 'boolean', description: 'print one JSON summary object on stdout (progress goes to stderr)' },
    'run-checks': { type: 'boolean', description: "run steps' check commands (they execute generated code)" },
    'unsafe-checks': { type: 'boolean', description: 'with --run-checks: run checks even where no OS sandbox is available' },
    ...BUDGET_FLAGS,
  },
  schema,
  examples: ['orchestrator resume job_0123456789ab', 'orchestrator resume job_0123456789ab --max-usd 2'],
}

/** Runs a continuation with the shared progress and summary, printing the savings line first. */
export async function continueWithOutput(
  io: CliIo,
  flags: { json?: boolean; verbose?: boolean },
  execute: (hooks: RunHooks, hold: HoldProgress) => Promise<ResumeResult>,
  from?: string,
): Promise<number> {
  const json = flags.json === true
  try {
    return await runWithOutput(io, { json, verbose: flags.verbose === true }, async (hooks, hold) => {
      const result = await execute(hooks, hold)
      humanStream(io, json).write(`${savingsLine(result.reused, result.saved, from)}\n`)
      return result
    })
  } catch (err) {
    if (err instanceof OrchestratorError && err.kind === 'nothing_to_resume') {
      humanStream(io, json).write(`${err.message}\n`)
      if (json) io.stdout.write(`${JSON.stringify({ nothing_to_resume: true, message: err.message })}\n`)
      return EXIT_OK
    }
    throw err
  }
}

export async function resumeFromCli(jobId: string, flags: z.infer<typeof schema>, io: CliIo): Promise<number> {
  const runsDir = resolveRunsDir(flags['runs-dir'], io)
  return continueWithOutput(io, flags, (hooks, hold) =>
    resumeJob(runsDir, jobId, {
      ...hooks,
      runChecks: flags['run-checks'] === true,
      unsafeChecks: flags['unsafe-checks'] === true,
      budget: budgetFromFlags(flags),
      askApproval: terminalApproval(io, flags.json === true, hold),
      signal: io.signal,
      env: io.env,
    }),
  )
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseCommandArgs(spec, argv)
  return resumeFromCli(positionals[0] ?? '', flags, io)
}

export const resumeCommand: CliCommand = { spec, run }
