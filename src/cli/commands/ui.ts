/**
 * `orchestrator ui [--port N] [--runs-dir DIR] [--open]`: the desktop app's UI in a browser.
 * Serves the built renderer (out/renderer) and the app API on 127.0.0.1, prints the URL with
 * its one-time token (in the fragment), and serves until Ctrl-C, which cancels active runs
 * cleanly before exiting. A missing build exits 2 and says to run `npm run build`; API keys
 * entered in the page live in memory for this session only.
 */
import { existsSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { z } from 'zod'
import { createAppService } from '../../core/app/app-service'
import { OrchestratorError } from '../../core/errors'
import { startUiServer, type UiServer } from '../../core/ui-server/ui-server'
import { commonFlagShape, parseCommandArgs, type CommandSpec } from '../args'
import type { CliIo } from '../cli-io'
import { EXIT_OK, type CliCommand } from '../command'
import { findPackageRoot } from '../package-root'
import { resolveRunsDir } from '../run-location'

const DEFAULT_UI_PORT = 7420

const schema = z.object({
  ...commonFlagShape,
  port: z
    .string()
    .regex(/^[0-9]{1,5}$/, 'must be a port number')
    .transform(Number)
    .pipe(z.number().int().max(65535, 'must be at most 65535'))
    .optional(),
  open: z.boolean().optional(),
})

const spec: CommandSpec<typeof schema> = {
  name: 'ui',
  summary: 'open the app in a browser (serves the UI and API on 127.0.0.1)',
  positionals: [],
  flags: {
    port: { type: 'string', valueName: 'N', description: `port on 127.0.0.1 (default ${DEFAULT_UI_PORT}; 0 picks a free one)` },
    open: { type: 'boolean', description: 'open the page in the default browser' },
  },
  schema,
  examples: ['orchestrator ui', 'orchestrator ui --port 0 --open --runs-dir ~/orchestrator-runs'],
}

export interface UiCommandOptions {
  /** Where the built renderer lives (default: <package root>/out/renderer). */
  rendererDir?: string
  examplesDir?: string
  /** Opens a URL in the browser (default: `open` / `xdg-open` / `start`). */
  openUrl?: (url: string) => void
}

function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]]
  const child = spawn(command, args, { detached: true, stdio: 'ignore' })
  child.on('error', () => undefined)
  child.unref()
}

function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return
    if (signal.aborted) return resolve()
    signal.addEventListener('abort', () => resolve(), { once: true })
  })
}

export function createUiCommand(options: UiCommandOptions = {}): CliCommand {
  async function run(argv: string[], io: CliIo): Promise<number> {
    const { flags } = parseCommandArgs(spec, argv)
    const root = findPackageRoot() ?? io.cwd
    const rendererDir = options.rendererDir ?? join(root, 'out', 'renderer')
    if (!existsSync(join(rendererDir, 'index.html'))) {
      throw new OrchestratorError({
        kind: 'bad_input',
        retryable: false,
        message: `the app is not built (${join(rendererDir, 'index.html')} is missing); run \`npm run build\` first`,
      })
    }
    const runsDir = resolveRunsDir(flags['runs-dir'], io)
    const service = createAppService({
      runsDir,
      env: io.env,
      examplesDir: options.examplesDir ?? join(root, 'examples'),
      transport: 'browser',
      onError: (err) => io.stderr.write(`warning: ${err instanceof Error ? err.message : String(err)}\n`),
    })
    const port = flags.port ?? DEFAULT_UI_PORT
    let server: UiServer
    try {
      server = await startUiServer({
        port,
        rendererDir,
        runsDir,
        service,
        onInternalError: (channel, err) =>
          io.stderr.write(`internal error in ${channel}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`),
      })
    } catch (err) {
      await service.shutdown()
      const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : ''
      if (code === 'EADDRINUSE') {
        throw new OrchestratorError({
          kind: 'bad_input',
          retryable: false,
          message: `port ${port} is in use; pass --port with another number, or --port 0 for any free port`,
        })
      }
      throw err
    }
    io.stdout.write(`Unified Orchestrator UI: ${server.url}\n`)
    io.stdout.write(
      `runs folder: ${runsDir}\nthe link holds a one-time token; keys entered in Settings are kept for this session only. Press Ctrl-C to stop.\n`,
    )
    if (flags.open) (options.openUrl ?? openInBrowser)(server.url)
    await untilAborted(io.signal)
    const running = service.activeRuns().length
    if (running > 0) io.stderr.write(`cancelling ${running} active run(s)…\n`)
    await server.close()
    await service.shutdown()
    return EXIT_OK
  }
  return { spec, run }
}

export const uiCommand: CliCommand = createUiCommand()
