/**
 * Handlers of the `outputs.*` channels: the file tree, one file (confined to the run's
 * outputs/), and "reveal", which only ever asks the injected OS hook to show a path in the file
 * manager (never to open it: a generated file can be an executable) and always returns the
 * absolute path so the UI can offer "Copy path" where revealing is not possible.
 */
import type { PartialHandlerMap } from './handler-map'
import { listOutputFiles, readOutputFile, resolveExistingOutput } from './output-files'
import { locateRun } from '../run/locate-run'
import { assertRunFolderSafe } from '../run/run-folder-guard'
import { UI_RUN_HINT, type AppContext } from './app-context'

/** outputs/ of a run, refused when the run folder or outputs/ is a link or was swapped (run-folder-guard). */
function safeOutputs(ctx: AppContext, jobId: string): string {
  const paths = locateRun(ctx.runsDir, jobId, UI_RUN_HINT)
  assertRunFolderSafe(paths.root)
  return paths.outputs
}

export function outputHandlers(ctx: AppContext): PartialHandlerMap {
  return {
    'outputs.tree': async ({ jobId }) => ({ files: listOutputFiles(safeOutputs(ctx, jobId)) }),
    'outputs.read': async ({ jobId, path }) => readOutputFile(safeOutputs(ctx, jobId), path),
    'outputs.reveal': async ({ jobId, path }) => {
      const outputs = safeOutputs(ctx, jobId)
      const absolutePath = path === undefined ? outputs : resolveExistingOutput(outputs, path).abs
      const revealed = ctx.reveal ? ctx.reveal(absolutePath) === true : false
      return { absolutePath, revealed }
    },
  }
}
