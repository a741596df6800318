/**
 * The shape of one CLI command: its declared arguments (used for parsing and help) and the
 * function that runs it and returns the process exit code.
 */
import type { CommandSpec } from './args'
import type { CliIo } from './cli-io'

export interface CliCommand {
  spec: CommandSpec
  run(argv: string[], io: CliIo): Promise<number>
}

export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_BAD_INPUT = 2
export const EXIT_INTERRUPTED = 130
