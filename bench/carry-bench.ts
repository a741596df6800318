/**
 * Benchmark of comparing and carrying runs: `diff` of two runs of 1,000 output files of 10 KB
 * each (100 of them changed by one line), and `export` + `import` of such a run. Prints wall time
 * and peak memory (RSS and heap above the baseline) next to the data size, so the ratio shows
 * that both stream: the same run at 4,000 files moves 4× the data with about the same peak memory.
 * Run: npm run bench:carry.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exportRun } from '../src/core/bundle/export-run'
import { importRun } from '../src/core/bundle/import-run'
import { diffRunFiles, diffRunHeader, emptyTotals } from '../src/core/diff/run-diff'
import { initialManifest } from '../src/core/run/manifest-init'
import { sha256Hex } from '../src/core/sha256'
import type { ManifestFile } from '../src/shared/manifest'
import { MemoryPeak } from './measure'

let FILES = 1000
const FILE_BYTES = 10 * 1024
const CHANGED_EVERY = 10

function fileBody(i: number, changed: boolean): string {
  const lines: string[] = []
  for (let n = 0; lines.join('\n').length < FILE_BYTES - 80; n++) lines.push(`file ${i} line ${n}: ${'x'.repeat(48)}`)
  if (changed) lines[Math.floor(lines.length / 2)] = `file ${i} CHANGED LINE`
  return `${lines.join('\n')}\n`
}

function makeRun(runsDir: string, jobId: string, variant: 'a' | 'b'): string {
  const root = join(runsDir, jobId)
  for (const dir of ['inputs', 'outputs', 'logs', 'artifacts', '.cache']) mkdirSync(join(root, dir), { recursive: true })
  const manifest = initialManifest({
    jobId,
    project: 'bench',
    taskDescription: 'bench',
    provider: 'demo',
    specSha256: 'a'.repeat(64),
    startedAt: new Date().toISOString(),
    pid: null,
    steps: [{ id: 'builder', agent: 'builder', needs: [], provider: 'demo', model: 'demo' }],
  })
  const files: ManifestFile[] = []
  for (let i = 0; i < FILES; i++) {
    const body = fileBody(i, variant === 'b' && i % CHANGED_EVERY === 0)
    const path = `src/pkg${i % 20}/module_${i}.py`
    mkdirSync(join(root, 'outputs', `src/pkg${i % 20}`), { recursive: true })
    writeFileSync(join(root, 'outputs', path), body)
    files.push({
      path,
      sha256: sha256Hex(body),
      size_bytes: Buffer.byteLength(body),
      media_type: 'text/x-python',
      created_at: manifest.started_at,
      step: 'builder',
      seq: i,
      turn: 1,
      round: null,
      model_call_id: null,
      cache_key: null,
      versions: [],
      flags: [],
    })
  }
  manifest.files = files
  manifest.status = 'succeeded'
  writeFileSync(join(root, 'manifest.json'), JSON.stringify(manifest, null, 2))
  writeFileSync(join(root, 'events.jsonl'), '')
  writeFileSync(join(root, 'inputs', 'spec.resolved.json'), JSON.stringify({ project: 'bench', steps: [] }))
  return root
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

async function measure(name: string, work: (peak: MemoryPeak) => Promise<string>): Promise<void> {
  const peak = new MemoryPeak()
  const started = performance.now()
  const detail = await work(peak)
  const ms = performance.now() - started
  const heap = peak.heapBytes - peak.baselineHeap
  const rss = peak.rssBytes - peak.baselineRss
  const data = FILES * FILE_BYTES
  console.log(
    `${name.padEnd(8)} ${ms.toFixed(0).padStart(6)} ms   peak heap +${mb(heap)}  peak RSS +${mb(rss)}   data ${mb(data)}  heap/data ${(heap / data).toFixed(2)}   ${detail}`,
  )
}

async function main(): Promise<void> {
  for (const files of [1000, 4000]) {
    FILES = files
    await once()
  }
  console.log('streaming: peak memory should stay about the same from 1,000 to 4,000 files while the data grows 4×')
}

async function once(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'uo-carry-bench-'))
  try {
    const runsDir = join(dir, 'runs')
    const a = makeRun(runsDir, 'job_00000000000a', 'a')
    const b = makeRun(runsDir, 'job_00000000000b', 'b')
    console.log(`${FILES} files × ${FILE_BYTES / 1024} KB per run, 1 in ${CHANGED_EVERY} changed by one line (Node ${process.version})`)
    await measure('diff', async (peak) => {
      const { manifests, ...header } = diffRunHeader(a, b)
      const totals = emptyTotals()
      let hunkLines = 0
      for await (const change of diffRunFiles({ ...header, manifests })) {
        totals[change.change]++
        if (change.content?.kind === 'text') for (const h of change.content.hunks) hunkLines += h.lines.length
        peak.sample()
      }
      return `${totals.changed} changed, ${totals.unchanged} unchanged, ${hunkLines} hunk lines`
    })
    const zip = join(dir, 'run.zip')
    await measure('export', async (peak) => {
      const timer = setInterval(() => peak.sample(), 5)
      try {
        const result = await exportRun({ runDir: a, outFile: zip })
        return `${result.entries} entries, zip ${mb(result.zipBytes)}`
      } finally {
        clearInterval(timer)
      }
    })
    await measure('import', async (peak) => {
      const timer = setInterval(() => peak.sample(), 5)
      try {
        const result = await importRun({ zipFile: zip, runsDir: join(dir, 'imported') })
        return `${result.entries} entries verified`
      } finally {
        clearInterval(timer)
      }
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
