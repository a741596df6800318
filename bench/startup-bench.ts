/**
 * `npm run bench:startup`: the start-up section of `npm run bench` on its own — `orchestrator --help`,
 * `validate` and `list` as fresh processes, interleaved with `node -e 0`; prints each median, its
 * ratio to `node -e 0` and PASS/MISS against < 150 ms. BENCH_STARTUP_REPS sets the repetitions
 * (default 21). Never fails on a MISS.
 */
import { cpus, loadavg } from 'node:os'
import { STARTUP_TARGET_MS, measureStartup, startupReport } from './startup'

const repetitions = Number(process.env.BENCH_STARTUP_REPS ?? 21)
const load = loadavg()
  .map((l) => l.toFixed(2))
  .join(' ')
process.stdout.write(`node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} cpus, load average ${load}\n`)
process.stdout.write(`start-up of the built CLI, a fresh process each (median of ${repetitions}, target < ${STARTUP_TARGET_MS} ms)\n`)
process.stdout.write(startupReport(measureStartup(repetitions)))
