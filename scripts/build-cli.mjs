// Bundles the CLI and the bench into out/ with esbuild; node_modules stay external except zod and yaml. Code splitting
// keeps each CLI verb (src/cli/verbs.ts) and what only it needs in a chunk of its own
// (out/chunks/), loaded when that verb runs, so `orchestrator --help` starts fast.
import { readFileSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { build } from 'esbuild'

// Bundled in (tree-shaken, one file to parse instead of a hundred to resolve): what `validate` and
// `list` load at start. Everything else stays in node_modules (SDKs load only when a verb needs
// them; better-sqlite3 is native).
const BUNDLED = new Set(['zod', 'yaml'])
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })
  .filter((name) => !BUNDLED.has(name))
  .flatMap((name) => [name, `${name}/*`])

// `import { z } from 'zod'` hands esbuild zod's namespace as one value, so it keeps every export —
// all 40 locales, JSON-Schema conversion, the compiler: 750 kB that `validate` would parse at each
// start. Read as `import * as z from 'zod'` (the same namespace) only the members used are bundled.
// Type-only imports are erased either way.
const zodNamespace = {
  name: 'zod-namespace-import',
  setup(b) {
    b.onLoad({ filter: /[\\/](src|bench)[\\/].*\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8')
      return { contents: source.replace(/^import \{ z \} from 'zod'$/gm, "import * as z from 'zod'"), loader: 'ts' }
    })
  },
}

// yaml's Node build is CommonJS: bundled whole and evaluated module by module at start. Its ES
// module build (same code, same version; published for browsers) is tree-shaken instead. It
// differs only in logging: its log.js warns with console.warn, so it is given the Node build's
// (process.emitWarning); the yaml developers' LOG_TOKENS / LOG_STREAM debug dumps are dropped.
const yamlEsm = join(dirname(createRequire(import.meta.url).resolve('yaml/package.json')), 'browser', 'dist')
const yamlModules = {
  name: 'yaml-esm',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, () => ({ path: join(yamlEsm, 'index.js') }))
    b.onLoad({ filter: /[\\/]yaml[\\/]browser[\\/]dist[\\/]log\.js$/ }, () => ({
      contents: `import process from 'node:process'
export function debug(logLevel, ...messages) {
  if (logLevel === 'debug') console.log(...messages)
}
export function warn(logLevel, warning) {
  if (logLevel === 'debug' || logLevel === 'warn') {
    if (typeof process.emitWarning === 'function') process.emitWarning(warning)
    else console.warn(warning)
  }
}
`,
      loader: 'js',
    }))
  },
}

// Chunk names carry a content hash: drop the previous build's so out/chunks holds one build.
rmSync(new URL('../out/chunks', import.meta.url), { recursive: true, force: true })

const result = await build({
  entryPoints: {
    'cli/orchestrator': 'src/cli/main.ts',
    'bench/scheduler-bench': 'bench/scheduler-bench.ts',
    'bench/stream-bench': 'bench/stream-bench.ts',
    'bench/continue-bench': 'bench/continue-bench.ts',
    'bench/carry-bench': 'bench/carry-bench.ts',
    'bench/startup-bench': 'bench/startup-bench.ts',
    'bench/idle-server-worker': 'bench/idle-server-worker.ts',
    'bench/idle-bench': 'bench/idle-bench.ts',
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
  // A `require` for any CommonJS that gets bundled (none today: zod and yaml are bundled as ES modules).
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  sourcemap: true,
  logLevel: 'warning',
  plugins: [zodNamespace, yamlModules],
  metafile: true,
})

// A zod import the rewrite above does not catch (e.g. `import { z, ZodError } from 'zod'`) brings
// every locale back; fail the build instead of shipping a slow start.
const bundled = Object.values(result.metafile.outputs).flatMap((output) => Object.keys(output.inputs))
const locales = bundled.filter((input) => /zod\/v4\/locales\/(?!en\.js$)/.test(input))
if (locales.length > 0) {
  throw new Error(`the CLI bundle pulls in all of zod (${locales.length} locales); import zod as \`import * as z from 'zod'\``)
}
