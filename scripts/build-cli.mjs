// Bundles the CLI and the bench into out/ with esbuild; node_modules stay external. Code splitting
// keeps each CLI verb (src/cli/verbs.ts) and what only it needs in a chunk of its own
// (out/chunks/), loaded when that verb runs, so `orchestrator --help` starts fast.
import { build } from 'esbuild'

await build({
  entryPoints: {
    'cli/orchestrator': 'src/cli/main.ts',
    'bench/scheduler-bench': 'bench/scheduler-bench.ts',
    'bench/continue-bench': 'bench/continue-bench.ts',
  },
  outdir: 'out',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
})
