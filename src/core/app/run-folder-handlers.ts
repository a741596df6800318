/**
 * `runs.folder` and `runs.file`: the files of one folder of a run (inputs/, artifacts/,
 * outputs/, logs/) and one file's text, with the same confinement, caps and binary detection as
 * the outputs browser (output-files.ts works on any folder it is given).
 */
import type { RunFolder } from '../../shared/run-folder-contract'
import type { RunPaths } from '../run/run-paths'
import { locateRun } from '../run/locate-run'
import { UI_RUN_HINT, type AppContext } from './app-context'
import type { PartialHandlerMap } from './handler-map'
import { listOutputFiles, readOutputFile } from './output-files'

function folderPath(paths: RunPaths, folder: RunFolder): string {
  switch (folder) {
    case 'inputs':
      return paths.inputs
    case 'artifacts':
      return paths.artifacts
    case 'outputs':
      return paths.outputs
    case 'logs':
      return paths.logs
  }
}

export function runFolderHandlers(ctx: AppContext): PartialHandlerMap {
  return {
    'runs.folder': async ({ jobId, folder }) => ({
      folder,
      files: listOutputFiles(folderPath(locateRun(ctx.runsDir, jobId, UI_RUN_HINT), folder)),
    }),
    'runs.file': async ({ jobId, folder, path }) => readOutputFile(folderPath(locateRun(ctx.runsDir, jobId, UI_RUN_HINT), folder), path),
  }
}
