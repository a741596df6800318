// Bundles the CLI and the bench into out/ with esbuild; node_modules stay external.
import { build } from 'esbuild'

await build({
  entryPoints: {
    'cli/orchestrator': 'src/cli/main.ts',
    'bench/scheduler-bench': 'bench/scheduler-bench.ts',
  },
  outdir: 'out',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
})
