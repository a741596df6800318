// Bundles the CLI and the bench into out/ with esbuild; node_modules stay external except zod and yaml. Code splitting
// keeps each CLI verb (src/cli/verbs.ts) and what only it needs in a chunk of its own
// (out/chunks/), loaded when that verb runs, so `orchestrator --help` starts fast.
import { readFileSync, rmSync } from 'node:fs'
import { build } from 'esbuild'

// Bundled in (tree-shaken, one file to parse instead of a hundred to resolve): what `validate` and
// `list` load at start. Everything else stays in node_modules (SDKs load only when a verb needs
// them; better-sqlite3 is native).
const BUNDLED = new Set(['zod', 'yaml'])
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
  .filter((name) => !BUNDLED.has(name))
  .flatMap((name) => [name, `${name}/*`])

// Chunk names carry a content hash: drop the previous build's so out/chunks holds one build.
rmSync(new URL('../out/chunks', import.meta.url), { recursive: true, force: true })

await build({
  entryPoints: {
    'cli/orchestrator': 'src/cli/main.ts',
    'bench/scheduler-bench': 'bench/scheduler-bench.ts',
    'bench/stream-bench': 'bench/stream-bench.ts',
    'bench/continue-bench': 'bench/continue-bench.ts',
    'bench/carry-bench': 'bench/carry-bench.ts',
  },
  outdir: 'out',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external,
  // yaml's Node build is CommonJS and calls require('process'); give the ESM bundle a require.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  sourcemap: true,
  logLevel: 'warning',
})
