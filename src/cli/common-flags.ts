/**
 * The flags every command accepts, as help shows them. Kept apart from args.ts (which loads zod)
 * so `orchestrator --help` stays cheap.
 */
import type { FlagSpec } from './args'

export const COMMON_FLAGS: Record<string, FlagSpec> = {
  'runs-dir': { type: 'string', valueName: 'DIR', description: 'runs folder (default: $ORCHESTRATOR_RUNS_DIR, else ./runs)' },
  verbose: { type: 'boolean', description: 'more detail; stack traces on errors' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
}
