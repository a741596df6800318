/**
 * The app's API over the core, independent of any transport: one handler per contract channel
 * (merged from the domain modules; a missing or duplicate channel fails here), a RunEvent
 * subscription, and `shutdown`, which cancels every active run, waits until each has recorded
 * its final state, and closes the history index. Plain Node: Electron main and the browser-mode
 * server both wrap this object.
 */
import { resolve } from 'node:path'
import type { ModelProvider } from '../providers/types'
import { ActiveRuns } from './active-runs'
import type { AppContext, Transport } from './app-context'
import { appHandlers } from './app-handlers'
import { EventHub, type RunEventListener } from './event-hub'
import { graphHandlers } from './graph-handlers'
import { mergeHandlers, type HandlerMap } from './handler-map'
import { HistoryHandle } from './history-handle'
import { outputHandlers } from './output-handlers'
import { runHandlers } from './run-handlers'
import { createMemorySecretStore, type SecretStore } from './secret-store'

export interface AppServiceOptions {
  runsDir: string
  env?: NodeJS.ProcessEnv
  examplesDir: string
  transport: Transport
  reveal?: (absolutePath: string) => boolean
  /** Defaults to a session-only in-memory store. */
  secrets?: SecretStore
  /** Ready provider instances by name, used before the registry (tests, embedding apps). */
  providers?: Readonly<Record<string, ModelProvider>>
  /** Unexpected errors (a listener that threw, a run that crashed after it started). */
  onError?: (err: unknown) => void
}

export interface AppService {
  handlers: HandlerMap
  onEvent(listener: RunEventListener): () => void
  /** Job ids running in this process. */
  activeRuns(): string[]
  /** Resolves when the run has ended (immediately when it is not active). */
  waitForRun(jobId: string): Promise<void>
  shutdown(): Promise<void>
}

export function createAppService(options: AppServiceOptions): AppService {
  const ctx: AppContext = {
    runsDir: resolve(options.runsDir),
    env: options.env ?? process.env,
    examplesDir: resolve(options.examplesDir),
    transport: options.transport,
    reveal: options.reveal,
    secrets: options.secrets ?? createMemorySecretStore(),
    providers: options.providers,
  }
  const active = new ActiveRuns()
  const hub = new EventHub(options.onError)
  const history = new HistoryHandle(ctx.runsDir)
  const handlers = mergeHandlers(
    appHandlers(ctx),
    graphHandlers(ctx),
    runHandlers({ ctx, active, hub, history, onBackgroundError: options.onError }),
    outputHandlers(ctx),
  )
  let closed: Promise<void> | undefined
  return {
    handlers,
    onEvent: (listener) => hub.subscribe(listener),
    activeRuns: () => active.ids(),
    waitForRun: (jobId) => active.settled(jobId),
    shutdown: () => {
      closed ??= active.cancelAll().then(() => history.close())
      return closed
    },
  }
}
