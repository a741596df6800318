/**
 * `orchestrator estimate <spec>`: the cost of a spec before running it, per step and in total,
 * as tokens and dollars from expected to worst case (see core/cost/estimate), from the price
 * table. No server is contacted and nothing is created. With --max-usd / --max-tokens (or a spec
 * `budget:`) it also says whether the worst case fits the cap, and refuses a dollar cap over a
 * model without a price, as `run` would (exit 2).
 */
import { resolve } from 'node:path'
import { z } from 'zod'
import { estimateRun } from '../../core/cost/estimate'
import { plannedModels } from '../../core/cost/planned-models'
import { loadPriceTable } from '../../core/cost/price-table'
import { checkCapsArePriced, runCapOf, stepCapsOf } from '../../core/budget/run-budget'
import { loadSpecFile } from '../../core/spec/load-spec'
import { commonFlagShape, parseCommandArgs, type CommandSpec } from '../args'
import type { CliIo } from '../cli-io'
import { EXIT_OK, type CliCommand } from '../command'
import { BUDGET_FLAGS, budgetFlagShape, budgetFromFlags } from '../budget-flags'
import { formatUsd } from '../format-cost'
import { estimateTable } from '../format-estimate'
import { resolveRunsDir } from '../run-location'

const schema = z.object({
  ...commonFlagShape,
  ...budgetFlagShape,
  provider: z
    .string()
    .regex(/^[a-z0-9_-]+$/, 'must be a provider name')
    .optional(),
  model: z.string().min(1, 'needs a model name').optional(),
  json: z.boolean().optional(),
})

const spec: CommandSpec<typeof schema> = {
  name: 'estimate',
  summary: 'preview the tokens and dollars a spec will cost, per step and in total (expected and worst case)',
  positionals: [{ name: 'spec', description: 'the YAML spec file' }],
  flags: {
    provider: { type: 'string', valueName: 'P', description: 'provider for every step, as run --provider' },
    model: { type: 'string', valueName: 'M', description: 'model for every step, as run --model' },
    ...BUDGET_FLAGS,
    json: { type: 'boolean', description: 'print the estimate as JSON' },
  },
  schema,
  examples: [
    'orchestrator estimate examples/notes_api.yaml',
    'orchestrator estimate examples/notes_api.yaml --provider openai --model gpt-5-mini',
  ],
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { flags, positionals } = parseCommandArgs(spec, argv)
  const runsDir = resolveRunsDir(flags['runs-dir'], io)
  const loaded = await loadSpecFile(resolve(io.cwd, positionals[0] ?? ''), io.env)
  const prices = loadPriceTable({ runsDir, env: io.env })
  const models = plannedModels(loaded, { provider: flags.provider, model: flags.model }, io.env)
  const cap = runCapOf(loaded, budgetFromFlags(flags))
  checkCapsArePriced(loaded, cap, stepCapsOf(loaded), models, prices)
  const estimate = estimateRun(loaded, models, prices)
  const worst = estimate.worst
  const fits =
    cap === undefined
      ? null
      : (cap.max_usd === undefined || (worst.usd !== null && worst.usd <= cap.max_usd)) &&
        (cap.max_tokens === undefined || worst.tokens <= cap.max_tokens)
  if (flags.json) {
    io.stdout.write(
      `${JSON.stringify({ ...estimate, prices_as_of: prices.asOf, budget: cap ?? null, worst_fits_budget: fits }, null, 2)}\n`,
    )
    return EXIT_OK
  }
  io.stdout.write(estimateTable(estimate))
  io.stdout.write(`prices as of ${prices.asOf}\n`)
  if (cap) {
    const parts = [
      cap.max_usd !== undefined ? formatUsd(cap.max_usd) : null,
      cap.max_tokens !== undefined ? `${cap.max_tokens} tokens` : null,
    ]
    const limit = parts.filter((p) => p !== null).join(' and ')
    io.stdout.write(
      fits
        ? `budget ${limit}: the worst case fits\n`
        : `budget ${limit}: the worst case does not fit; the run stops when the next call might not fit\n`,
    )
  }
  return EXIT_OK
}

export const estimateCommand: CliCommand = { spec, run }
