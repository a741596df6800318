/**
 * What `run` and `replay` share: live progress while a job runs (redrawn in place on a TTY,
 * plain lines otherwise; with --json the human text goes to stderr), then the closing summary or
 * exactly one JSON object on stdout, and the exit code (0 only when the run succeeded).
 */
import type { RunJobResult } from '../core/engine/run-job'
import type { RunEvent } from '../shared/run-event'
import type { CliIo } from './cli-io'
import { EXIT_FAILED, EXIT_OK } from './command'
import { createPlainProgress } from './progress/plain-progress'
import type { ProgressView } from './progress/progress-view'
import { createTtyProgress } from './progress/tty-progress'
import { runJson } from './run-json'
import { formatRunSummary } from './run-summary'

export interface RunHooks {
  onStart: (info: { jobId: string; runDir: string; notices: string[] }) => void
  onEvent: (event: RunEvent) => void
}

/** Runs `ask` with the live progress held still, so a question on the terminal is not redrawn over. */
export type HoldProgress = <T>(ask: () => Promise<T>) => Promise<T>

export interface RunOutputOptions {
  json: boolean
  verbose: boolean
  /** Extra cleanup after the run, before the summary (e.g. stopping a server we started). */
  finish?: () => Promise<void> | void
}

/** Where human-readable text goes: stderr when stdout carries the --json object. */
export function humanStream(io: CliIo, json: boolean): CliIo['stderr'] {
  return json ? io.stderr : io.stdout
}

export async function runWithOutput(
  io: CliIo,
  options: RunOutputOptions,
  execute: (hooks: RunHooks, hold: HoldProgress) => Promise<RunJobResult>,
): Promise<number> {
  const view: ProgressView =
    !options.json && io.stdout.isTTY === true
      ? createTtyProgress(io.stdout, { columns: io.stdout.columns })
      : createPlainProgress(humanStream(io, options.json), { verbose: options.verbose })
  let result: RunJobResult
  try {
    const hold: HoldProgress = async (ask) => {
      const release = view.hold?.()
      try {
        return await ask()
      } finally {
        release?.()
      }
    }
    result = await execute({ onStart: (info) => view.start(info), onEvent: (event) => view.event(event) }, hold)
  } finally {
    view.finish()
    await options.finish?.()
  }
  const warnings = result.warnings ?? []
  if (options.json) io.stdout.write(`${JSON.stringify({ ...runJson(result.manifest, result.runDir), warnings }, null, 2)}\n`)
  else io.stdout.write(formatRunSummary(result.manifest, result.runDir))
  for (const warning of warnings) humanStream(io, options.json).write(`note: ${warning}\n`)
  return result.status === 'succeeded' ? EXIT_OK : EXIT_FAILED
}
