/**
 * The error for a command line that cannot be run as typed (unknown flag, bad value, missing
 * argument, unknown job id). It is a `bad_input` OrchestratorError, so it exits with code 2, and
 * it remembers the command so the message can point at that command's --help.
 */
import { OrchestratorError } from '../core/errors'

export class UsageError extends OrchestratorError {
  readonly command: string | undefined

  constructor(message: string, command?: string) {
    super({ kind: 'bad_input', retryable: false, message })
    this.name = 'UsageError'
    this.command = command
  }
}
