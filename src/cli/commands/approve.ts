/**
 * `orchestrator approve <job_id> <step>` and `orchestrator reject <job_id> <step>`: answer an
 * approval gate (`approve: true`) of a job that stopped `awaiting_approval`, then continue the
 * job in place like resume. approve --prompt-file F runs the step with an edited prompt; reject
 * fails the step (`rejected`) and skips what depends on it, the rest of the job still runs.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { z } from 'zod'
import { approveStep, rejectStep } from '../../core/engine/resume-job'
import { commonFlagShape, parseCommandArgs, type CommandSpec } from '../args'
import type { CliIo } from '../cli-io'
import type { CliCommand } from '../command'
import { terminalApproval } from '../approval-prompt'
import { resolveRunsDir } from '../run-location'
import { UsageError } from '../usage-error'
import { continueWithOutput } from './resume'

const approveSchema = z.object({
  ...commonFlagShape,
  'prompt-file': z.string().min(1, 'needs a file path').optional(),
  json: z.boolean().optional(),
  'run-checks': z.boolean().optional(),
  'unsafe-checks': z.boolean().optional(),
})
const rejectSchema = z.object({ ...commonFlagShape, reason: z.string().min(1).max(500).optional(), json: z.boolean().optional() })

const positionals = [
  { name: 'job_id', description: 'the job that is awaiting approval' },
  { name: 'step', description: 'the gated step' },
]
const json = { type: 'boolean' as const, description: 'print one JSON summary object on stdout (progress goes to stderr)' }

const approveSpec: CommandSpec<typeof approveSchema> = {
  name: 'approve',
  summary: 'approve a step waiting at its approval gate and continue the job in place',
  positionals,
  flags: {
    'prompt-file': { type: 'string', valueName: 'F', description: 'run the step with this prompt instead (read from file F)' },
    json,
    'run-checks': { type: 'boolean', description: "run steps' check commands (they execute generated code)" },
    'unsafe-checks': { type: 'boolean', description: 'with --run-checks: run checks even where no OS sandbox is available' },
  },
  schema: approveSchema,
  examples: ['orchestrator approve job_0123456789ab builder'],
}

const rejectSpec: CommandSpec<typeof rejectSchema> = {
  name: 'reject',
  summary: 'reject a step waiting at its approval gate: it fails, its dependents are skipped',
  positionals,
  flags: { reason: { type: 'string', valueName: 'TEXT', description: 'why (kept in the manifest)' }, json },
  schema: rejectSchema,
  examples: ['orchestrator reject job_0123456789ab builder --reason "wrong stack"'],
}

async function approve(argv: string[], io: CliIo): Promise<number> {
  const {
    flags,
    positionals: [jobId = '', step = ''],
  } = parseCommandArgs(approveSpec, argv)
  const runsDir = resolveRunsDir(flags['runs-dir'], io)
  let prompt: string | undefined
  if (flags['prompt-file']) {
    try {
      prompt = readFileSync(resolve(io.cwd, flags['prompt-file']), 'utf8')
    } catch {
      throw new UsageError(`cannot read --prompt-file ${flags['prompt-file']}; check the path`, 'approve')
    }
  }
  return continueWithOutput(io, flags, (hooks, hold) =>
    approveStep(runsDir, jobId, step, {
      ...hooks,
      ...(prompt !== undefined ? { prompt } : {}),
      runChecks: flags['run-checks'] === true,
      unsafeChecks: flags['unsafe-checks'] === true,
      askApproval: terminalApproval(io, flags.json === true, hold),
      signal: io.signal,
      env: io.env,
    }),
  )
}

async function reject(argv: string[], io: CliIo): Promise<number> {
  const {
    flags,
    positionals: [jobId = '', step = ''],
  } = parseCommandArgs(rejectSpec, argv)
  const runsDir = resolveRunsDir(flags['runs-dir'], io)
  return continueWithOutput(io, flags, (hooks) =>
    rejectStep(runsDir, jobId, step, {
      ...hooks,
      ...(flags.reason !== undefined ? { reason: flags.reason } : {}),
      signal: io.signal,
      env: io.env,
    }),
  )
}

export const approveCommand: CliCommand = { spec: approveSpec, run: approve }
export const rejectCommand: CliCommand = { spec: rejectSpec, run: reject }
