/**
 * Asking before something destructive: `--yes` says yes; otherwise an interactive terminal is
 * asked (y/N); without one the command refuses and says to pass --yes (exit 2).
 */
import type { CliIo } from './cli-io'
import { UsageError } from './usage-error'

export async function confirmed(io: CliIo, question: string, yes: boolean, command: string): Promise<boolean> {
  if (yes) return true
  if (!io.ask) throw new UsageError(`not on an interactive terminal; pass --yes to ${command} without being asked`, command)
  const answer = (await io.ask(`${question} [y/N] `)).trim().toLowerCase()
  return answer === 'y' || answer === 'yes'
}
