/**
 * Handlers of `runs.delete` and `runs.estimate` on the core's deleteRuns and estimateRun: a
 * delete refuses a run that is active here or recorded as running (cancel it first); an estimate
 * contacts no server and creates nothing, with the provider and model the Run button would use.
 */
import { estimateRun } from '../cost/estimate'
import { plannedModels } from '../cost/planned-models'
import { loadPriceTable } from '../cost/price-table'
import { OrchestratorError } from '../errors'
import { deleteRuns, runToDelete } from '../history/delete-runs'
import { parseSpecText } from '../spec/load-spec'
import type { ActiveRuns } from './active-runs'
import { UI_RUN_HINT, type AppContext } from './app-context'
import type { PartialHandlerMap } from './handler-map'
import { defaultProvider, runEnv } from './run-env'

export function manageHandlers(ctx: AppContext, active: ActiveRuns): PartialHandlerMap {
  return {
    'runs.delete': async ({ jobId }) => {
      if (active.ids().includes(jobId)) {
        throw new OrchestratorError({
          kind: 'bad_input',
          retryable: false,
          message: `run ${jobId} is still running; cancel it first, then delete it`,
        })
      }
      runToDelete(ctx.runsDir, jobId, UI_RUN_HINT)
      return { deleted: deleteRuns(ctx.runsDir, [jobId]) }
    },
    'runs.estimate': async ({ text, fileName, provider, model }) => {
      const env = runEnv(ctx)
      const spec = parseSpecText(text, fileName, env)
      const chosen = defaultProvider(ctx, provider)
      const models = plannedModels(
        spec,
        { ...(chosen !== undefined && chosen !== 'auto' ? { provider: chosen } : {}), ...(model?.trim() ? { model: model.trim() } : {}) },
        env,
      )
      return estimateRun(spec, models, loadPriceTable({ runsDir: ctx.runsDir, env }))
    },
  }
}
