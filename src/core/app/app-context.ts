/**
 * What every handler module of the app service shares: where runs live, the environment runs
 * start with, the bundled examples, the transport name, and the injected OS hooks.
 */
import type { ModelProvider } from '../providers/types'
import type { SecretStore } from './secret-store'

export type Transport = 'electron' | 'browser'

export interface AppContext {
  /** Absolute runs folder. */
  runsDir: string
  env: NodeJS.ProcessEnv
  examplesDir: string
  transport: Transport
  /** Shows a path in the OS file manager (Electron: shell.showItemInFolder); never opens it. */
  reveal?: (absolutePath: string) => boolean
  secrets: SecretStore
  /** Ready provider instances by name, used before the registry (tests, embedding apps). */
  providers?: Readonly<Record<string, ModelProvider>>
}

/** What an error about an unknown job id tells the UI's user. */
export const UI_RUN_HINT = 'it may have been deleted, refresh the history'
