/**
 * Handlers of the run actions (`runs.resume`, `runs.rerun`, `runs.replay`, `runs.approve`,
 * `runs.reject`, `runs.compare`, `runs.spec`) on the core's own functions: resumeJob, rerunJob,
 * replayJob, approveStep/rejectStep and diffRuns. Starting actions answer once the job has started
 * and then run in the background like `runs.start` (cancelable, events on the hub); refusals
 * (nothing to resume, a step upstream that did not succeed, a job another process runs…) reach
 * the UI as the core's typed errors, whose messages name the fix.
 */
import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { diffRuns } from '../diff/run-diff'
import { OrchestratorError } from '../errors'
import { replayJob } from '../engine/replay-job'
import { rerunJob } from '../engine/rerun-job'
import { approveStep, rejectStep, resumeJob } from '../engine/resume-job'
import { locateRun } from '../run/locate-run'
import { UI_RUN_HINT, type AppContext } from './app-context'
import { startInBackground, type BackgroundDeps } from './background-run'
import type { PartialHandlerMap } from './handler-map'
import { runEnv } from './run-env'

export interface ActionHandlerDeps extends BackgroundDeps {
  ctx: AppContext
}

const trimmed = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value.trim())

/** The file name the run's spec had (from inputs/spec.resolved.json), else `<project>.yaml`. */
function specFileName(runDir: string, project: string): string {
  try {
    const snapshot: unknown = JSON.parse(readFileSync(join(runDir, 'inputs', 'spec.resolved.json'), 'utf8'))
    const path =
      typeof snapshot === 'object' && snapshot !== null && 'source' in snapshot && typeof snapshot.source === 'object' && snapshot.source
        ? (snapshot.source as { path?: unknown }).path
        : undefined
    if (typeof path === 'string' && /\.ya?ml$/i.test(path)) return basename(path)
  } catch {
    // the name is only a label
  }
  return `${project.replace(/[^A-Za-z0-9_-]+/g, '-') || 'spec'}.yaml`
}

export function actionHandlers(deps: ActionHandlerDeps): PartialHandlerMap {
  const { ctx } = deps
  const common = (): { runsDir: string; env: NodeJS.ProcessEnv; providers: AppContext['providers'] } => ({
    runsDir: ctx.runsDir,
    env: runEnv(ctx),
    providers: ctx.providers,
  })
  return {
    'runs.resume': async ({ jobId }) => {
      locateRun(ctx.runsDir, jobId, UI_RUN_HINT)
      return startInBackground(deps, (hooks) => resumeJob(ctx.runsDir, jobId, { ...common(), ...hooks }))
    },
    'runs.rerun': async ({ jobId, from, prompt, provider, model, noCache }) => {
      locateRun(ctx.runsDir, jobId, UI_RUN_HINT)
      return startInBackground(deps, (hooks) =>
        rerunJob(ctx.runsDir, jobId, {
          ...common(),
          ...hooks,
          ...(from !== undefined ? { from } : {}),
          ...(prompt !== undefined ? { prompt } : {}),
          ...(trimmed(provider) !== undefined ? { provider: trimmed(provider) } : {}),
          ...(trimmed(model) !== undefined ? { model: trimmed(model) } : {}),
          noCache: noCache === true,
        }),
      )
    },
    'runs.replay': async ({ jobId }) => {
      const paths = locateRun(ctx.runsDir, jobId, UI_RUN_HINT)
      return startInBackground(deps, (hooks) => replayJob({ runDir: paths.root, runsDir: ctx.runsDir, env: runEnv(ctx), ...hooks }))
    },
    'runs.approve': async ({ jobId, step, prompt }) => {
      locateRun(ctx.runsDir, jobId, UI_RUN_HINT)
      return startInBackground(deps, (hooks) =>
        approveStep(ctx.runsDir, jobId, step, { ...common(), ...hooks, ...(prompt !== undefined ? { prompt } : {}) }),
      )
    },
    'runs.reject': async ({ jobId, step, reason }) => {
      locateRun(ctx.runsDir, jobId, UI_RUN_HINT)
      return startInBackground(deps, (hooks) =>
        rejectStep(ctx.runsDir, jobId, step, {
          ...common(),
          ...hooks,
          ...(trimmed(reason) !== undefined ? { reason: trimmed(reason) } : {}),
        }),
      )
    },
    'runs.compare': async ({ a, b }) => {
      if (a === b) throw new OrchestratorError({ kind: 'bad_input', retryable: false, message: 'pick two different runs to compare' })
      return diffRuns(locateRun(ctx.runsDir, a, UI_RUN_HINT).root, locateRun(ctx.runsDir, b, UI_RUN_HINT).root)
    },
    'runs.spec': async ({ jobId }) => {
      const paths = locateRun(ctx.runsDir, jobId, UI_RUN_HINT)
      let text: string
      try {
        text = readFileSync(join(paths.inputs, 'spec.yaml'), 'utf8')
      } catch (err) {
        throw new OrchestratorError(
          { kind: 'io', retryable: false, message: `run ${jobId} has no inputs/spec.yaml; it was recorded by an older version or damaged` },
          { cause: err },
        )
      }
      const manifest: unknown = JSON.parse(readFileSync(paths.manifest, 'utf8'))
      const project = typeof manifest === 'object' && manifest !== null && 'project' in manifest ? String(manifest.project) : 'spec'
      return { fileName: specFileName(paths.root, project), text }
    },
  }
}
