/**
 * `npm run bench:idle`: the idle-between-model-calls section of `npm run bench` on its own (a
 * 20-step chain through the Ollama adapter against a fixed-latency server in a worker thread);
 * prints the measures and PASS/MISS against ≤ 2 ms. BENCH_IDLE_REPS sets the repetitions
 * (default 5). Never fails on a MISS.
 */
import { cpus, loadavg } from 'node:os'
import { idleRows, idleTargets, LATENCY_MS, measureIdlePerCall } from './idle-per-call'
import { renderTable, renderTargets } from './stats'

const repetitions = Number(process.env.BENCH_IDLE_REPS ?? 5)
const load = loadavg()
  .map((l) => l.toFixed(2))
  .join(' ')
process.stdout.write(`node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} cpus, load average ${load}\n`)
process.stdout.write(`idle between model calls, server latency ${LATENCY_MS} ms (median of ${repetitions})\n`)
const result = await measureIdlePerCall(repetitions)
process.stdout.write(`${renderTable(['measure', 'value'], idleRows(result))}\n${renderTargets(idleTargets(result))}\n`)
