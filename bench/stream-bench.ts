/**
 * Streamed tool call benchmark (issue 10, finding 5): one ND-JSON line of 20 MB and of 200 MB,
 * delivered in 64 KiB chunks as a socket would, through (a) the naive splitter client libraries
 * use (`buffer += chunk; buffer.split('\n')`, what made 20 MB cost 7.7 s and 680 MB), (b) our
 * bounded-lines with no effective limit (the parse alone: linear) and (c) bounded-lines with the
 * default per-file limit (stops at the limit). Each case runs in its own process; it prints wall
 * time, peak RSS, and the ratio to the smallest case. Run: `npm run bench:stream`.
 */
import { spawnSync } from 'node:child_process'
import { boundedLines, DEFAULT_MAX_LINE_BYTES } from '../src/core/providers/http/bounded-lines'

const CHUNK = 64 * 1024
type Mode = 'naive' | 'linear' | 'limited'

function source(totalBytes: number): ReadableStream<Uint8Array> {
  const piece = new TextEncoder().encode('x'.repeat(CHUNK))
  let sent = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= totalBytes) {
        controller.enqueue(new TextEncoder().encode('"}\n'))
        controller.close()
        return
      }
      sent += piece.length
      controller.enqueue(piece)
    },
  })
}

async function runCase(mode: Mode, totalBytes: number): Promise<string> {
  let lines = 0
  if (mode === 'naive') {
    const decoder = new TextDecoder()
    let buffer = ''
    const reader = source(totalBytes).getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      buffer += decoder.decode(value, { stream: true })
      const parts = buffer.split('\n')
      buffer = parts.pop() ?? ''
      lines += parts.length
    }
    return `lines ${lines}`
  }
  const maxLineBytes = mode === 'linear' ? totalBytes * 2 : DEFAULT_MAX_LINE_BYTES
  const reader = source(totalBytes)
    .pipeThrough(boundedLines({ maxLineBytes, onLine: () => void (lines += 1), onEnd: () => undefined }))
    .getReader()
  try {
    for (;;) if ((await reader.read()).done) break
    return `lines ${lines}`
  } catch (err) {
    return `stopped: ${(err as { kind?: string }).kind ?? 'error'}`
  }
}

async function child(mode: Mode, mb: number): Promise<void> {
  const started = performance.now()
  const outcome = await runCase(mode, mb * 1024 * 1024)
  const ms = performance.now() - started
  process.stdout.write(JSON.stringify({ ms, peakMb: process.resourceUsage().maxRSS / 1024, outcome }))
}

function parent(): void {
  const rows: { name: string; ms: number; peakMb: number; outcome: string }[] = []
  const cases: [Mode, number][] = [
    ['naive', 20],
    ['linear', 20],
    ['limited', 20],
    ['linear', 200],
    ['limited', 200],
  ]
  for (const [mode, mb] of cases) {
    const run = spawnSync(process.execPath, [process.argv[1] ?? '', '--case', mode, String(mb)], { encoding: 'utf8', timeout: 600_000 })
    const result = JSON.parse(run.stdout || '{"ms":0,"peakMb":0,"outcome":"failed"}') as { ms: number; peakMb: number; outcome: string }
    rows.push({ name: `${mode.padEnd(8)} ${String(mb).padStart(3)} MB`, ...result })
  }
  const fastest = Math.min(...rows.map((r) => r.ms))
  process.stdout.write('streamed tool call: one ND-JSON line in 64 KiB chunks\n')
  process.stdout.write(`${'case'.padEnd(16)} ${'time'.padStart(10)} ${'×fastest'.padStart(9)} ${'peak RSS'.padStart(10)}  outcome\n`)
  for (const r of rows) {
    const time = `${r.ms.toFixed(0)} ms`.padStart(10)
    process.stdout.write(
      `${r.name.padEnd(16)} ${time} ${(r.ms / fastest).toFixed(1).padStart(9)} ${`${r.peakMb.toFixed(0)} MB`.padStart(10)}  ${r.outcome}\n`,
    )
  }
}

const at = process.argv.indexOf('--case')
if (at === -1) parent()
else await child(process.argv[at + 1] as Mode, Number(process.argv[at + 2]))
