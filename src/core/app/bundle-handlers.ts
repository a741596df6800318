/**
 * Handlers of `runs.export` and `runs.import` on the core's exportRun/importRun: export writes
 * `<runs>/exports/<job_id>.zip`; import writes the dropped bytes to a private temp file, lets
 * importRun check and unpack them (it refuses unsafe entries and keeps ids unique), and removes
 * the temp file whatever happens.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { exportRun } from '../bundle/export-run'
import { importRun } from '../bundle/import-run'
import { locateRun } from '../run/locate-run'
import { UI_RUN_HINT, type AppContext } from './app-context'
import type { PartialHandlerMap } from './handler-map'

export function bundleHandlers(ctx: AppContext): PartialHandlerMap {
  return {
    'runs.export': async ({ jobId }) => {
      const paths = locateRun(ctx.runsDir, jobId, UI_RUN_HINT)
      const dir = join(ctx.runsDir, 'exports')
      mkdirSync(dir, { recursive: true })
      const result = await exportRun({ runDir: paths.root, outFile: join(dir, `${jobId}.zip`) })
      return { jobId: result.jobId, file: result.file, zipBytes: result.zipBytes }
    },
    'runs.import': async ({ dataBase64 }) => {
      mkdirSync(ctx.runsDir, { recursive: true })
      const tmp = mkdtempSync(join(ctx.runsDir, '.ui-import-'))
      try {
        const zipFile = join(tmp, 'bundle.zip')
        writeFileSync(zipFile, Buffer.from(dataBase64, 'base64'), { mode: 0o600 })
        const result = await importRun({ zipFile, runsDir: ctx.runsDir })
        return { jobId: result.jobId, originalJobId: result.originalJobId }
      } finally {
        rmSync(tmp, { recursive: true, force: true })
      }
    },
  }
}
