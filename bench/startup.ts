/**
 * Start-up of the built CLI as a user runs it: `orchestrator --help`, `validate <spec>` and
 * `list` (on a runs folder holding a few demo runs), each a fresh `node bin/orchestrator.mjs`
 * process, interleaved with `node -e 0` and timed wall-clock to exit; medians. Needs
 * `npm run build:cli` first (npm run bench does it).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { formatMs, formatRatio, median, renderTable, renderTargets } from './stats'

const ROOT = resolve(import.meta.dirname, '..', '..')
const BIN = join(ROOT, 'bin', 'orchestrator.mjs')
const SPEC = join(ROOT, 'examples', 'tiny_spec.yaml')

export const STARTUP_TARGET_MS = 150

export interface StartupRow {
  name: string
  ms: number
  ratio: number
}

function timed(args: readonly string[]): number {
  const start = performance.now()
  const child = spawnSync(process.execPath, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
  })
  const ms = performance.now() - start
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} exited ${child.status}: ${child.stderr.toString().slice(0, 300)}`)
  return ms
}

export function measureStartup(repetitions: number): { baselineMs: number; rows: StartupRow[] } {
  const runsDir = mkdtempSync(join(tmpdir(), 'uo-bench-startup-'))
  try {
    for (let i = 0; i < 3; i++) timed([BIN, 'run', SPEC, '--provider', 'demo', '--runs-dir', runsDir])
    const commands: [string, string[]][] = [
      ['node -e 0', ['-e', '0']],
      ['orchestrator --help', [BIN, '--help']],
      ['orchestrator validate tiny_spec.yaml', [BIN, 'validate', SPEC]],
      ['orchestrator list (3 runs)', [BIN, 'list', '--runs-dir', runsDir]],
    ]
    const samples = new Map<string, number[]>(commands.map(([name]) => [name, []]))
    for (const [, args] of commands) timed(args)
    for (let r = 0; r < repetitions; r++) for (const [name, args] of commands) samples.get(name)?.push(timed(args))
    const baselineMs = median(samples.get('node -e 0') ?? [])
    const rows = commands.slice(1).map(([name]) => {
      const ms = median(samples.get(name) ?? [])
      return { name, ms, ratio: ms / baselineMs }
    })
    return { baselineMs, rows }
  } finally {
    rmSync(runsDir, { recursive: true, force: true })
  }
}

/** The start-up table (median ms, ratio to `node -e 0`) and one PASS/MISS line per command. */
export function startupReport({ baselineMs, rows }: { baselineMs: number; rows: StartupRow[] }): string {
  const table = [['node -e 0', formatMs(baselineMs), '1.00×'], ...rows.map((r) => [r.name, formatMs(r.ms), formatRatio(r.ratio)])]
  const targets = rows.map((r) => ({
    label: `start-up: ${r.name} (${formatRatio(r.ratio)} node -e 0)`,
    measured: `${formatMs(r.ms)} ms`,
    target: `< ${STARTUP_TARGET_MS} ms`,
    pass: r.ms < STARTUP_TARGET_MS,
  }))
  return `${renderTable(['command', 'wall ms', 'vs node -e 0'], table)}\n${renderTargets(targets)}\n`
}
