/**
 * `orchestrator run <spec>`: runs a spec through the core's runJob with live progress (redrawn
 * in place on a TTY, plain lines otherwise), then prints the closing summary — or, with --json,
 * exactly one JSON object on stdout and the human text on stderr. Exit 0 only when the run
 * succeeded; a failed or cancelled run exits 1; bad input (spec, provider, flags) exits 2
 * before any run folder exists. When a step uses Ollama (named or 'auto') or MLX, the local
 * server is reused or started first and missing Ollama models are pulled with visible progress;
 * a server this command started is stopped when it ends.
 */
import { resolve } from 'node:path'
import { z } from 'zod'
import { providerChoicesText } from '../../shared/provider-names'
import { runJob } from '../../core/engine/run-job'
import { createLocalPreparer } from '../../core/launcher/prepare-local'
import { commonFlagShape, parseCommandArgs, type CommandSpec } from '../args'
import type { CliIo } from '../cli-io'
import { createLaunchProgress } from '../launch-progress'
import type { CliCommand } from '../command'
import { humanStream, runWithOutput } from '../run-output'
import { resolveRunsDir } from '../run-location'
import { UsageError } from '../usage-error'
import { isJobId } from '../../core/run/job-id'
import { terminalApproval } from '../approval-prompt'
import { BUDGET_FLAGS, budgetFlagShape, budgetFromFlags } from '../budget-flags'
import { estimateLine } from '../format-estimate'

const schema = z.object({
  ...commonFlagShape,
  provider: z
    .string()
    .regex(/^[a-z0-9_-]+$/, `must be a provider name: ${providerChoicesText()}`)
    .optional(),
  model: z.string().min(1, 'needs a model name').optional(),
  'no-cache': z.boolean().optional(),
  json: z.boolean().optional(),
  resume: z.boolean().optional(),
  'run-checks': z.boolean().optional(),
  'unsafe-checks': z.boolean().optional(),
  ...budgetFlagShape,
})

const spec: CommandSpec<typeof schema> = {
  name: 'run',
  summary: 'run a spec into runs/<job_id>/ with live progress',
  positionals: [{ name: 'spec', description: 'the YAML spec file (with --resume: a spec, or a job id to continue in place)' }],
  flags: {
    provider: {
      type: 'string',
      valueName: 'P',
      description: `provider for every step: ${providerChoicesText()} (else $PROVIDER, else the spec)`,
    },
    model: {
      type: 'string',
      valueName: 'M',
      description: 'model for every step (else the spec, else the provider default: $OLLAMA_MODEL, $OPENAI_MODEL, …)',
    },
    'no-cache': { type: 'boolean', description: 'call the model even when an identical request is cached' },
    json: { type: 'boolean', description: 'print one JSON summary object on stdout (progress goes to stderr)' },
    resume: {
      type: 'boolean',
      description:
        'with a job id: continue that job in place (= orchestrator resume); with a spec: rerun it, finished steps replay from the cache',
    },
    'run-checks': {
      type: 'boolean',
      description:
        "run steps' check commands (e.g. QA's pytest) on a copy of the generated project, in the OS sandbox; executes generated code",
    },
    ...BUDGET_FLAGS,
    'unsafe-checks': {
      type: 'boolean',
      description:
        'with --run-checks: run checks even where no sandbox (bwrap, unshare, sandbox-exec) is available; they can read your files and use the network',
    },
  },
  schema,
  examples: [
    'orchestrator run examples/tiny_spec.yaml',
    'orchestrator run examples/notes_api.yaml --provider ollama --model qwen3.5',
    'orchestrator run examples/tiny_spec.yaml --provider demo --json',
  ],
}

const RESUME_NOTE = 'resume: finished steps replay from the content-addressed cache with zero model calls; unfinished steps run normally'

async function run(argv: string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseCommandArgs(spec, argv)
  if (flags.resume && isJobId(positionals[0] ?? '')) {
    const { resumeFromCli } = await import('./resume')
    return resumeFromCli(positionals[0] ?? '', { ...flags }, io)
  }
  const specPath = resolve(io.cwd, positionals[0] ?? '')
  const runsDir = resolveRunsDir(flags['runs-dir'], io)
  const json = flags.json === true
  const human = humanStream(io, json)
  if (flags.resume && flags['no-cache']) {
    throw new UsageError('--resume replays finished steps from the cache, so it cannot be combined with --no-cache', 'run')
  }
  if (flags.resume) human.write(`${RESUME_NOTE}\n`)

  const launch = createLaunchProgress(human, { tty: !json && io.stdout.isTTY === true, columns: io.stdout.columns })
  const local = createLocalPreparer({ onProgress: launch.onProgress })
  const finish = async (): Promise<void> => {
    launch.finish()
    await local.close()
  }
  return runWithOutput(io, { json, verbose: flags.verbose === true, finish }, (hooks, hold) =>
    runJob({
      ...hooks,
      askApproval: terminalApproval(io, json, hold),
      prepareLocal: local.prepare,
      spec: specPath,
      runsDir,
      provider: flags.provider,
      model: flags.model,
      noCache: flags['no-cache'] === true,
      runChecks: flags['run-checks'] === true,
      unsafeChecks: flags['unsafe-checks'] === true,
      budget: budgetFromFlags(flags),
      onEstimate: (estimate) => human.write(estimateLine(estimate)),
      signal: io.signal,
      env: io.env,
    }),
  )
}

export const runCommand: CliCommand = { spec, run }
