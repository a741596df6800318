/**
 * Handlers of the `outputs.*` channels: the file tree, one file (confined to the run's
 * outputs/), and "reveal", which only ever asks the injected OS hook to show a path in the file
 * manager (never to open it: a generated file can be an executable) and always returns the
 * absolute path so the UI can offer "Copy path" where revealing is not possible.
 */
import type { PartialHandlerMap } from './handler-map'
import { listOutputFiles, readOutputFile, resolveExistingOutput } from './output-files'
import { locateRun } from '../run/locate-run'
import { UI_RUN_HINT, type AppContext } from './app-context'

export function outputHandlers(ctx: AppContext): PartialHandlerMap {
  return {
    'outputs.tree': async ({ jobId }) => ({ files: listOutputFiles(locateRun(ctx.runsDir, jobId, UI_RUN_HINT).outputs) }),
    'outputs.read': async ({ jobId, path }) => readOutputFile(locateRun(ctx.runsDir, jobId, UI_RUN_HINT).outputs, path),
    'outputs.reveal': async ({ jobId, path }) => {
      const outputs = locateRun(ctx.runsDir, jobId, UI_RUN_HINT).outputs
      const absolutePath = path === undefined ? outputs : resolveExistingOutput(outputs, path).abs
      const revealed = ctx.reveal ? ctx.reveal(absolutePath) === true : false
      return { absolutePath, revealed }
    },
  }
}
