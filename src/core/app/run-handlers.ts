/**
 * Handlers of the `runs.*` channels on the real engine. `runs.start` parses the spec (a
 * SpecError reaches the UI as `spec_invalid` with file:line:column), then awaits startJob's first
 * phase (every preflight, the run folder created) and answers; the second phase (`done`) runs in
 * the background and its events go to the run-event hub. `runs.get` reads manifest.json and
 * events.jsonl from the run folder, so a reloaded UI can replay a running job and follow it live.
 */
import { readTail } from '../fs/read-tail'
import { join } from 'node:path'
import { OrchestratorError } from '../errors'
import { startJob } from '../engine/run-job'
import { listRefusals, recordRefusal, refusalOf } from './refused-runs'
import { readEvents } from '../run/event-log'
import { readRunManifest } from '../history/run-folders'
import { recoverRun } from '../history/recover'
import { parseSpecText } from '../spec/load-spec'
import type { ActiveRuns } from './active-runs'
import type { Hub } from './hub'
import type { PartialHandlerMap } from './handler-map'
import type { HistoryHandle } from './history-handle'
import type { RunEvent } from '../../shared/run-event'
import { locateRun } from '../run/locate-run'
import { UI_RUN_HINT, type AppContext } from './app-context'
import { defaultProvider, runEnv } from './run-env'

const LOG_TAIL_BYTES = 1024 * 1024

export interface RunHandlerDeps {
  ctx: AppContext
  active: ActiveRuns
  hub: Hub<RunEvent>
  history: HistoryHandle
  /** Errors of a run after it started (the run itself records them as job.failed). */
  onBackgroundError?: (err: unknown) => void
}

/** The end of a log: at most `maxBytes`, starting at a line boundary, with a note when cut. */
function readLogTail(path: string, maxBytes: number): string {
  const tail = readTail(path, maxBytes)
  if (!tail) return ''
  return tail.skippedBytes > 0 ? `[… ${tail.skippedBytes} earlier bytes not shown]\n${tail.text.replace(/^[^\n]*\n/, '')}` : tail.text
}

export function runHandlers(deps: RunHandlerDeps): PartialHandlerMap {
  const { ctx, active, hub, history } = deps
  return {
    'runs.start': async ({ text, fileName, provider, model, noCache, runChecks }) => {
      const env = runEnv(ctx)
      const spec = parseSpecText(text, fileName, env)
      const controller = new AbortController()
      const chosen = defaultProvider(ctx, provider)
      const job = await startJob({
        spec,
        runsDir: ctx.runsDir,
        provider: chosen,
        model: model === undefined || model.trim() === '' ? undefined : model.trim(),
        noCache: noCache === true,
        runChecks: runChecks === true,
        providers: ctx.providers,
        signal: controller.signal,
        env,
        onEvent: (event) => hub.emit(event),
      }).catch((err: unknown) => {
        // Refused before it started: nothing was created, so the refusal itself is kept.
        const refusal = refusalOf(err, { fileName, project: spec.project, provider: chosen ?? spec.provider ?? 'auto' })
        if (refusal) recordRefusal(ctx.runsDir, refusal)
        throw err
      })
      const settled = job.done.then(
        () => undefined,
        (err: unknown) => deps.onBackgroundError?.(err),
      )
      active.add(job.jobId, controller, settled)
      return { jobId: job.jobId, runDir: job.runDir, notices: [...job.notices] }
    },
    'runs.cancel': async ({ jobId }) => ({ cancelled: active.cancel(jobId) }),
    'runs.refused': async ({ limit }) => ({ refusals: listRefusals(ctx.runsDir, limit) }),
    'runs.list': async (query) => ({ runs: history.get().listRuns(query), active: active.ids() }),
    'runs.get': async ({ jobId, afterSeq }) => {
      const paths = locateRun(ctx.runsDir, jobId, UI_RUN_HINT)
      const folder = { jobId, dir: paths.root, manifestPath: paths.manifest, eventsPath: paths.events }
      const recovered = !active.ids().includes(jobId) && recoverRun(folder)
      const read = readRunManifest(folder)
      if (recovered && read.ok) history.get().upsertManifest(read.manifest, paths.root)
      if (!read.ok) {
        throw new OrchestratorError({
          kind: 'io',
          retryable: false,
          message: `run ${jobId} cannot be shown: ${read.reason}; run 'orchestrator reindex' to list damaged runs`,
        })
      }
      const log = readEvents(paths.events)
      const events = afterSeq === undefined ? log.events : log.events.filter((e) => e.seq > afterSeq)
      return { manifest: read.manifest, events, runDir: paths.root, tornLastLine: log.tornLastLine }
    },
    'runs.log': async ({ jobId, step }) => {
      const paths = locateRun(ctx.runsDir, jobId, UI_RUN_HINT)
      return { text: readLogTail(join(paths.logs, `${step}.log`), LOG_TAIL_BYTES) }
    },
  }
}
