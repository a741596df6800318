/**
 * Streaming benchmark through the real event path: the fake Ollama streams fast deltas on three
 * steps at once (core → events.jsonl → WebSocket → browser client → per-frame coalescing → React
 * Flow nodes). Measured in the page: events received per second, dropped frames (rAF gaps over
 * 50 ms) and input latency of real clicks during the stream. Figures are printed and written to
 * test-results/streaming.json; only sanity is asserted (every token arrives, clicks are handled),
 * never a timing threshold.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { dropSpec, node, openApp } from './support/app-page'
import { installProbes, startRecording, stopRecording } from './support/page-probes'
import { startStack, type Stack } from './support/stack'
import { teamScript, VISIBLE_PACE } from './support/team-script'

const DELTAS = 5000
const STREAMS = ['s1', 's2', 's3'] as const
const BENCH_SPEC = `project: stream-bench
task: stream many small tokens
provider: ollama
concurrency: 4
defaults: { timeout_s: 120, retries: 0, max_turns: 2 }
agents:
  streamer:
    role: Streamer
    system: You stream text quickly.
    tools: []
    must_write_files: false
steps:
${STREAMS.map((id) => `  - { id: ${id}, agent: streamer, prompt: "stream ${id}" }`).join('\n')}
`

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack(teamScript({ ...VISIBLE_PACE, streamer: { deltas: DELTAS, delayMs: 0 } }))
})
test.afterAll(async () => {
  await stack?.close()
})

const percentile = (values: number[], p: number): number | null => {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? null
}

test('thousands of token events per second keep the page responsive', async ({ page }) => {
  await installProbes(page)
  await openApp(page, stack.url)
  await dropSpec(page, BENCH_SPEC, 'stream-bench.yaml')
  await expect(page.locator('.react-flow__node')).toHaveCount(STREAMS.length)
  await page.getByTestId('provider-select').selectOption('ollama')
  await startRecording(page)
  await page.getByTestId('run-button').click()
  await expect(node(page, 's1')).toHaveAttribute('data-status', 'running')

  const pane = page.locator('.react-flow__pane')
  const box = await pane.boundingBox()
  let clicks = 0
  while ((await page.getByTestId('run-status').getAttribute('data-status')) === 'running' && clicks < 200) {
    if (box) await page.mouse.click(box.x + 30, box.y + box.height - 30)
    clicks++
    await page.waitForTimeout(100)
  }
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 })
  const report = await stopRecording(page)

  await node(page, 's2').click()
  await expect(page.getByTestId('node-panel')).toBeVisible()
  await expect(page.getByTestId('node-output')).toContainText(`streamer-token-${DELTAS - 2}`)

  const streamMs = report.firstMessageMs !== null && report.lastMessageMs !== null ? report.lastMessageMs - report.firstMessageMs : null
  const figures = {
    streams: STREAMS.length,
    tokenEventsSent: STREAMS.length * DELTAS,
    eventsReceived: report.messages,
    streamSeconds: streamMs === null ? null : Number((streamMs / 1000).toFixed(2)),
    eventsPerSecond: streamMs ? Math.round(report.messages / (streamMs / 1000)) : null,
    frames: report.frames,
    droppedFrames: report.droppedFrames,
    maxFrameGapMs: Math.round(report.maxFrameGapMs),
    clicks: report.inputLatenciesMs.length,
    inputLatencyMedianMs: percentile(report.inputLatenciesMs, 50),
    inputLatencyP95Ms: percentile(report.inputLatenciesMs, 95),
    inputLatencyMaxMs: report.inputLatenciesMs.length ? Math.max(...report.inputLatenciesMs) : null,
  }
  console.log(`streaming bench: ${JSON.stringify(figures)}`)
  mkdirSync('test-results', { recursive: true })
  writeFileSync('test-results/streaming.json', `${JSON.stringify(figures, null, 2)}\n`)

  expect(report.messages).toBeGreaterThanOrEqual(STREAMS.length * DELTAS)
  expect(report.frames).toBeGreaterThan(0)
  expect(report.inputLatenciesMs.length).toBeGreaterThan(0)
})
