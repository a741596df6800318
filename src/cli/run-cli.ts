/**
 * The CLI as a function: `runCli(argv, io)` dispatches to one command and returns the exit
 * code, so tests drive it in-process. Every error ends here and is printed as
 * `error: <message>` on stderr (stack only with --verbose); with --json a `{ "error": … }`
 * object is printed on stdout too (with `job_id` and `run_dir` when a run folder exists, e.g. a
 * disk that filled up mid-run); keys are redacted from all of it. Exit codes: 0 ok, 1 failed/cancelled/internal,
 * 2 bad input (spec, flags, provider preflight, unknown job id).
 */
import { OrchestratorError, toErrorInfo } from '../core/errors'
import { Redactor } from '../core/redact/redactor'
import { SpecError } from '../core/spec/spec-error'
import { RunError } from '../core/engine/run-error'
import { APP_VERSION } from '../core/version'
import type { CliIo } from './cli-io'
import { EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK } from './command'
import { commandHelp, globalHelp } from './help'
import { UsageError } from './usage-error'
import { findVerb, VERBS } from './verbs'

export type { CliIo } from './cli-io'

const BAD_INPUT_KINDS = new Set<string>(['spec_unreadable', 'spec_invalid', 'bad_input'])

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = row
  }
  return prev[b.length] ?? 0
}

function unknownCommand(name: string): UsageError {
  const names = VERBS.flatMap((v) => [v.name, ...(v.aliases ?? [])])
  const close = names.find((n) => editDistance(n, name) <= 2)
  const hint = close ? `did you mean '${close}'? ` : ''
  return new UsageError(`unknown command '${name}'; ${hint}commands: ${VERBS.map((v) => v.name).join(', ')}`)
}

function wantsHelp(argv: string[]): boolean {
  const end = argv.indexOf('--')
  const flags = end === -1 ? argv : argv.slice(0, end)
  return flags.includes('--help') || flags.includes('-h')
}

function reportError(err: unknown, io: CliIo, options: { verbose: boolean; json: boolean }): number {
  const info = toErrorInfo(err)
  let text: string
  if (err instanceof SpecError && err.issues.length > 1) {
    text = `error: the spec has ${err.issues.length} problems:\n${err.message}`
  } else {
    text = `error: ${info.message}`
  }
  if (err instanceof RunError) text += `\n  run id    ${err.jobId}\n  run dir   ${err.runDir}`
  if (err instanceof UsageError) {
    text += `\nrun 'orchestrator ${err.command ?? ''}${err.command ? ' ' : ''}--help' for usage`
  }
  const redactor = Redactor.fromEnv(io.env)
  io.stderr.write(`${redactor.redact(text)}\n`)
  if (options.verbose && err instanceof Error && err.stack) io.stderr.write(`${redactor.redact(err.stack)}\n`)
  if (options.json) {
    const error = { kind: info.kind, message: redactor.redact(info.message) }
    const body = err instanceof RunError ? { job_id: err.jobId, status: 'failed', run_dir: err.runDir, error } : { error }
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`)
  }
  return err instanceof OrchestratorError && BAD_INPUT_KINDS.has(err.kind) ? EXIT_BAD_INPUT : EXIT_FAILED
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const verbose = argv.includes('--verbose')
  const json = argv.includes('--json')
  try {
    const [first, ...rest] = argv
    if (first === undefined) {
      io.stderr.write(globalHelp(VERBS))
      return EXIT_BAD_INPUT
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      const target = first === 'help' && rest[0] !== undefined ? findVerb(rest[0]) : undefined
      if (first === 'help' && rest[0] !== undefined && !target) throw unknownCommand(rest[0])
      io.stdout.write(target ? commandHelp((await target.load()).spec) : globalHelp(VERBS))
      return EXIT_OK
    }
    if (first === '--version' || first === '-V' || first === 'version') {
      io.stdout.write(`${APP_VERSION}\n`)
      return EXIT_OK
    }
    if (first.startsWith('-')) {
      throw new UsageError(`'${first}' before the command; write the command first, e.g. 'orchestrator run spec.yaml ${first}'`)
    }
    const verb = findVerb(first)
    if (!verb) throw unknownCommand(first)
    const command = await verb.load()
    if (wantsHelp(rest)) {
      io.stdout.write(commandHelp(command.spec))
      return EXIT_OK
    }
    return await command.run(rest, io)
  } catch (err) {
    return reportError(err, io, { verbose, json })
  }
}
