/**
 * Process entry of the `orchestrator` command (bundled to out/cli/orchestrator.mjs). The only
 * place that touches process signals: the first SIGINT (Ctrl-C), SIGTERM or SIGHUP aborts the
 * run (it ends `cancelled`, temp files removed, exit 1); a second one exits at once with 130.
 * A closed stdout (`orchestrator run … | head`) never ends the process: output is dropped
 * (cli-io guards the streams) and the run continues to its end.
 */
import { processIo } from './cli-io'
import { EXIT_INTERRUPTED } from './command'
import { runCli } from './run-cli'

const controller = new AbortController()
const io = processIo(controller.signal)
let interrupts = 0
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    interrupts += 1
    if (interrupts === 1) {
      io.stderr.write(`\ncancelling (${signal})… (press Ctrl-C again to quit at once)\n`)
      controller.abort()
    } else {
      process.exit(EXIT_INTERRUPTED)
    }
  })
}

process.exitCode = await runCli(process.argv.slice(2), io)
