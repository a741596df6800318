/**
 * Help text generated from the command specs, so flags and help can never disagree.
 */
import type { CommandSpec, FlagSpec } from './args'
import { COMMON_FLAGS } from './common-flags'
import { APP_VERSION } from '../core/version'

function flagRows(flags: Record<string, FlagSpec>): string[] {
  const rows = Object.entries(flags).map(([name, flag]) => {
    const short = flag.short ? `-${flag.short}, ` : ''
    const value = flag.type === 'string' ? ` ${flag.valueName ?? 'VALUE'}` : ''
    return [`${short}--${name}${value}`, flag.description] as const
  })
  const width = Math.max(...rows.map(([left]) => left.length))
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`)
}

function usageLine(spec: CommandSpec): string {
  const positionals = spec.positionals.map((p) => `<${p.name}>`).join(' ')
  return `orchestrator ${spec.name}${positionals ? ` ${positionals}` : ''} [flags]`
}

export function commandHelp(spec: CommandSpec): string {
  const lines = [`usage: ${usageLine(spec)}`, '', spec.summary]
  if (spec.aliases?.length) lines.push(`alias: ${spec.aliases.join(', ')}`)
  if (spec.positionals.length > 0) {
    lines.push('', 'arguments:')
    const width = Math.max(...spec.positionals.map((p) => p.name.length + 2))
    for (const p of spec.positionals) lines.push(`  ${`<${p.name}>`.padEnd(width)}  ${p.description}`)
  }
  lines.push('', 'flags:', ...flagRows({ ...spec.flags, ...COMMON_FLAGS }))
  if (spec.examples?.length) lines.push('', 'examples:', ...spec.examples.map((e) => `  ${e}`))
  return `${lines.join('\n')}\n`
}

/** What the overview needs of a verb (a `Verb` or a `CommandSpec`). */
export type VerbSummary = Pick<CommandSpec, 'name' | 'summary'> & { aliases?: readonly string[] }

export function globalHelp(specs: readonly VerbSummary[]): string {
  const width = Math.max(...specs.map((s) => s.name.length))
  const lines = [
    `orchestrator ${APP_VERSION} — run a YAML spec as a DAG of LLM agents into runs/<job_id>/outputs/`,
    '',
    'usage: orchestrator <command> [arguments] [flags]',
    '',
    'commands:',
    ...specs.map((s) => `  ${s.name.padEnd(width)}  ${s.summary}${s.aliases?.length ? ` (alias: ${s.aliases.join(', ')})` : ''}`),
    '',
    'every command accepts --runs-dir DIR (default: $ORCHESTRATOR_RUNS_DIR, else ./runs), --verbose and --help.',
    'environment: PROVIDER, OLLAMA_HOST / OLLAMA_BASE_URL, OLLAMA_MODEL, TIMEOUT_S, MAX_RETRIES, TEMPERATURE, …',
    '',
    'exit codes: 0 succeeded, 1 failed or cancelled, 2 bad input, 130 interrupted twice.',
    "run 'orchestrator <command> --help' for a command's flags.",
  ]
  return `${lines.join('\n')}\n`
}
