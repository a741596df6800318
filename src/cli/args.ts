/**
 * Command-line parsing: `node:util` parseArgs tokenises, then every flag is checked against the
 * command's declared flags and its zod schema. Unknown flags, missing values, values on boolean
 * flags, bad values and wrong positional counts all become a UsageError naming the flag
 * (exit code 2). Nothing is read from disk here.
 */
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { COMMON_FLAGS } from './common-flags'
import { UsageError } from './usage-error'

export interface FlagSpec {
  type: 'string' | 'boolean'
  short?: string
  description: string
  /** Shown in help after a string flag, e.g. `DIR`. */
  valueName?: string
}

export interface CommandSpec<S extends z.ZodType = z.ZodType> {
  name: string
  aliases?: string[]
  summary: string
  positionals: { name: string; description: string }[]
  flags: Record<string, FlagSpec>
  /** Validates the object of flag values (keys are flag names without dashes). */
  schema: S
  examples?: string[]
}

export const commonFlagShape = {
  'runs-dir': z.string().min(1, 'needs a folder path').optional(),
  verbose: z.boolean().optional(),
  help: z.boolean().optional(),
}

export const positiveIntFlag = (max: number) =>
  z
    .string()
    .regex(/^[0-9]+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be at least 1').max(max, `must be at most ${max}`))

export interface ParsedArgs<T> {
  flags: T
  positionals: string[]
  help: boolean
}

function allFlags(spec: CommandSpec): Record<string, FlagSpec> {
  return { ...spec.flags, ...COMMON_FLAGS }
}

export function parseCommandArgs<S extends z.ZodType>(spec: CommandSpec<S>, argv: string[]): ParsedArgs<z.output<S>> {
  const flags = allFlags(spec)
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {}
  for (const [name, flag] of Object.entries(flags))
    options[name] = flag.short ? { type: flag.type, short: flag.short } : { type: flag.type }
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true })
  const fail = (message: string): UsageError => new UsageError(message, spec.name)

  const values: Record<string, string | boolean> = {}
  const positionals: string[] = []
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value)
      continue
    }
    if (token.kind !== 'option') continue
    const flag = flags[token.name]
    if (!flag) throw fail(`unknown flag ${token.rawName} for 'orchestrator ${spec.name}'`)
    else if (flag.type === 'boolean') {
      if (token.value !== undefined) throw fail(`flag --${token.name} takes no value (got '${token.value}')`)
      values[token.name] = true
    } else {
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-'))) {
        throw fail(`flag --${token.name} needs a value${flag.valueName ? ` (${flag.valueName})` : ''}`)
      } else if (values[token.name] !== undefined) {
        throw fail(`flag --${token.name} was given twice`)
      } else {
        values[token.name] = token.value
      }
    }
  }

  const help = values.help === true
  if (!help) {
    const max = spec.positionals.length
    if (positionals.length < max) {
      const missing = spec.positionals[positionals.length]
      throw fail(`missing <${missing?.name ?? 'argument'}> for 'orchestrator ${spec.name}'`)
    }
    if (positionals.length > max) throw fail(`unexpected argument '${positionals[max] ?? ''}' for 'orchestrator ${spec.name}'`)
  }

  const parsed = spec.schema.safeParse(values)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const name = issue.path.length > 0 ? `--${String(issue.path[0])}` : 'flags'
      const given = issue.path.length > 0 ? values[String(issue.path[0])] : undefined
      return `${name}${typeof given === 'string' ? ` '${given}'` : ''}: ${issue.message}`
    })
    throw fail(issues.join('; '))
  }
  return { flags: parsed.data as z.output<S>, positionals, help }
}
