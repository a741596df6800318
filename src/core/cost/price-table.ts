/**
 * The dated price table: USD per million tokens for each `provider/model`, shipped in
 * resources/prices.json (bundled into the CLI and app) and overridable by the user with a file of
 * the same shape, from $ORCHESTRATOR_PRICES or `<runsDir>/prices.json`, merged over the shipped
 * one. Lookup never invents a price: exact `provider/model`, then the same family with a date or
 * version suffix (`claude-sonnet-4-5-20250929` → `claude-sonnet-4-5`), then $0 for local
 * providers (ollama, mlx, demo), otherwise null (unknown; the UI shows "?" and `priceHint`).
 */
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import shipped from '../../../resources/prices.json'
import { OrchestratorError } from '../errors'

const PRICES_ENV = 'ORCHESTRATOR_PRICES'
const PRICES_FILE = 'prices.json'

const perMtok = z.number().finite().nonnegative()

const modelPriceSchema = z.strictObject({
  input_per_mtok: perMtok,
  output_per_mtok: perMtok,
  cached_input_per_mtok: perMtok.optional(),
  /** Input written to the provider's prompt cache (Anthropic: 1.25× input for the 5-minute cache). */
  cache_write_per_mtok: perMtok.optional(),
  /** Where this price was read (page and date), for the reader of the table. */
  source: z.string().optional(),
})

const priceFileSchema = z.strictObject({
  as_of: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-01')
    .optional(),
  currency: z.literal('USD').optional(),
  /** Where the prices come from and what was assumed. */
  sources: z.array(z.string()).optional(),
  free_providers: z.array(z.string().min(1)).optional(),
  models: z.record(z.string().regex(/^[^/\s]+\/\S+$/, 'model keys are "provider/model", e.g. "openai/gpt-4o-mini"'), modelPriceSchema),
})

type ModelPrice = z.infer<typeof modelPriceSchema>
type PriceFile = z.infer<typeof priceFileSchema>

export interface PriceTable {
  /** Date of the newest source's prices. */
  asOf: string
  currency: 'USD'
  freeProviders: ReadonlySet<string>
  models: ReadonlyMap<string, ModelPrice>
  /** Where the prices came from: 'shipped', then override file paths. */
  sources: readonly string[]
}

export type PriceLookup = { kind: 'priced'; key: string; price: ModelPrice } | { kind: 'free' } | { kind: 'unknown' }

/** Suffixes that name a dated snapshot or version of a listed model, not a different model. */
const FAMILY_SUFFIX = /^(?:-(?:\d{4}-\d{2}-\d{2}|\d{8}|latest)|[@:][\w.:-]+)$/

function parsePriceFile(raw: unknown, source: string): PriceFile {
  const parsed = priceFileSchema.safeParse(raw)
  if (parsed.success) return parsed.data
  throw new OrchestratorError({
    kind: 'bad_input',
    retryable: false,
    message: `price table ${source} is invalid: ${z.prettifyError(parsed.error)}; fix it or remove it to use the shipped prices`,
  })
}

function tableOf(file: PriceFile, source: string): PriceTable {
  return {
    asOf: file.as_of ?? 'unknown',
    currency: 'USD',
    freeProviders: new Set(file.free_providers ?? []),
    models: new Map(Object.entries(file.models)),
    sources: [source],
  }
}

let shippedTable: PriceTable | undefined

/** The table shipped with the app (resources/prices.json). */
export function shippedPriceTable(): PriceTable {
  shippedTable ??= tableOf(parsePriceFile(shipped, 'resources/prices.json'), 'shipped')
  return shippedTable
}

/** `override`'s models and free providers over `base`'s; the newer as_of wins. */
function mergePriceTables(base: PriceTable, override: PriceTable): PriceTable {
  const asOf = override.asOf !== 'unknown' && (base.asOf === 'unknown' || override.asOf > base.asOf) ? override.asOf : base.asOf
  return {
    asOf,
    currency: 'USD',
    freeProviders: new Set([...base.freeProviders, ...override.freeProviders]),
    models: new Map([...base.models, ...override.models]),
    sources: [...base.sources, ...override.sources],
  }
}

function readPriceFile(path: string): PriceFile {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new OrchestratorError(
      { kind: 'bad_input', retryable: false, message: `cannot read price table ${path}; fix ${PRICES_ENV} or create the file` },
      { cause: err },
    )
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    throw new OrchestratorError(
      {
        kind: 'bad_input',
        retryable: false,
        message: `price table ${path} is not valid JSON; fix it or remove it to use the shipped prices`,
      },
      { cause: err },
    )
  }
  return parsePriceFile(raw, path)
}

function userPriceFile(runsDir: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const fromEnv = env[PRICES_ENV]
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv
  if (runsDir === undefined) return undefined
  const path = join(runsDir, PRICES_FILE)
  return statSync(path, { throwIfNoEntry: false })?.isFile() ? path : undefined
}

/**
 * The shipped table merged with the user's override ($ORCHESTRATOR_PRICES, else
 * `<runsDir>/prices.json` when present). Throws OrchestratorError (bad_input) for an override
 * that is missing (when named by the variable), unreadable or invalid.
 */
export function loadPriceTable(options: { runsDir?: string; env?: NodeJS.ProcessEnv } = {}): PriceTable {
  const base = shippedPriceTable()
  const path = userPriceFile(options.runsDir, options.env ?? process.env)
  if (path === undefined) return base
  return mergePriceTables(base, tableOf(readPriceFile(path), path))
}

export function lookupPrice(table: PriceTable, provider: string, model: string): PriceLookup {
  const id = `${provider}/${model}`
  const exact = table.models.get(id)
  if (exact) return { kind: 'priced', key: id, price: exact }
  let best: { key: string; price: ModelPrice } | undefined
  for (const [key, price] of table.models) {
    if (id.length > key.length && id.startsWith(key) && FAMILY_SUFFIX.test(id.slice(key.length))) {
      if (!best || key.length > best.key.length) best = { key, price }
    }
  }
  if (best) return { kind: 'priced', ...best }
  if (table.freeProviders.has(provider)) return { kind: 'free' }
  return { kind: 'unknown' }
}

/** What to do about a model without a price. */
export function priceHint(provider: string, model: string): string {
  return (
    `no price known for ${provider}/${model}; add "${provider}/${model}": { "input_per_mtok": …, "output_per_mtok": … } ` +
    `under "models" in <runs dir>/${PRICES_FILE} (or the file named by ${PRICES_ENV})`
  )
}
