/**
 * Process entry of the `orchestrator` command (bundled to out/cli/orchestrator.mjs). The only
 * place that touches process signals: the first Ctrl-C aborts the run (it ends `cancelled`),
 * a second one exits at once with code 130. A closed pipe (`orchestrator list | head`) ends
 * the process quietly.
 */
import { processIo } from './cli-io'
import { EXIT_INTERRUPTED } from './command'
import { runCli } from './run-cli'

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0)
  throw err
})

const controller = new AbortController()
let interrupts = 0
process.on('SIGINT', () => {
  interrupts += 1
  if (interrupts === 1) {
    process.stderr.write('\ncancelling… (press Ctrl-C again to quit at once)\n')
    controller.abort()
  } else {
    process.exit(EXIT_INTERRUPTED)
  }
})

process.exitCode = await runCli(process.argv.slice(2), processIo(controller.signal))
