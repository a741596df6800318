/**
 * The app's API over the core, independent of any transport: one handler per contract channel
 * (merged from the domain modules; a missing or duplicate channel fails here), a RunEvent
 * subscription, a subscription to every push message (run events and model pull progress), and
 * `shutdown`, which cancels every active run and model pull, waits until each has recorded its
 * final state, and closes the history index. Plain Node: Electron main and the browser-mode
 * server both wrap this object.
 */
import { resolve } from 'node:path'
import type { ModelProvider } from '../providers/types'
import type { RunEvent } from '../../shared/run-event'
import { ActiveRuns } from './active-runs'
import type { AppContext, Transport } from './app-context'
import { actionHandlers } from './action-handlers'
import { manageHandlers } from './manage-handlers'
import { bundleHandlers } from './bundle-handlers'
import { appHandlers } from './app-handlers'
import { Hub, type PushListener, type PushMessage, type RunEventListener } from './hub'
import { graphHandlers } from './graph-handlers'
import { mergeHandlers, type HandlerMap } from './handler-map'
import { HistoryHandle } from './history-handle'
import { localHandlers } from './local-handlers'
import { LocalPulls, type PullFn } from './local-pulls'
import { outputHandlers } from './output-handlers'
import { providerHandlers } from './provider-handlers'
import { runFolderHandlers } from './run-folder-handlers'
import { specFileHandlers } from './spec-file-handlers'
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
  /** Replaces the launcher's model pull (tests). */
  pullModel?: PullFn
}

export interface AppService {
  handlers: HandlerMap
  onEvent(listener: RunEventListener): () => void
  /** Every push message of the contract the core emits: `run.event` and `local.pull`. */
  onPush(listener: PushListener): () => void
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
  const hub = new Hub<RunEvent>(options.onError)
  const history = new HistoryHandle(ctx.runsDir)
  const pushes = new Hub<PushMessage>(options.onError)
  const pulls = new LocalPulls({
    emit: (payload) => pushes.emit({ channel: 'local.pull', payload }),
    pull: options.pullModel,
    onUnexpectedError: options.onError,
  })
  const handlers = mergeHandlers(
    appHandlers(ctx),
    graphHandlers(ctx),
    runHandlers({ ctx, active, hub, history, onBackgroundError: options.onError }),
    actionHandlers({ ctx, active, hub, onBackgroundError: options.onError }),
    manageHandlers(ctx, active),
    bundleHandlers(ctx),
    outputHandlers(ctx),
    localHandlers({ ctx, pulls }),
    runFolderHandlers(ctx),
    specFileHandlers(ctx),
    providerHandlers(ctx),
  )
  let closed: Promise<void> | undefined
  return {
    handlers,
    onEvent: (listener) => hub.subscribe(listener),
    onPush: (listener) => {
      const offRuns = hub.subscribe((payload) => listener({ channel: 'run.event', payload }))
      const offOthers = pushes.subscribe(listener)
      return () => {
        offRuns()
        offOthers()
      }
    },
    activeRuns: () => active.ids(),
    waitForRun: (jobId) => active.settled(jobId),
    shutdown: () => {
      closed ??= Promise.all([active.cancelAll(), pulls.cancelAll()]).then(() => history.close())
      return closed
    },
  }
}
