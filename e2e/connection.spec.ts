/**
 * When the connection to the core goes: a banner says so at once; when it comes back the watched
 * run is backfilled from its last event seq (the run went on and ended while the page heard
 * nothing). When the server itself dies mid-run, the run is recorded as interrupted: History shows
 * the running steps as Interrupted and the rest as Not started, and no timer keeps ticking.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { dropSpec, node, NOTES_SPEC, openApp, TEAM } from './support/app-page'
import { startCutProxy } from './support/cut-proxy'
import { startStack, type Stack } from './support/stack'
import { teamScript, VISIBLE_PACE } from './support/team-script'

test.describe.configure({ mode: 'serial' })

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack(teamScript({ ...VISIBLE_PACE, builder: { deltas: 60, delayMs: 40 }, docs: { deltas: 60, delayMs: 40 } }))
})
test.afterAll(async () => {
  await stack?.close()
})

/** The statuses in the run folders' manifests, sorted. */
function manifestStatuses(runsDir: string): string[] {
  return readdirSync(runsDir)
    .filter((n) => n.startsWith('job_'))
    .map((n) => join(runsDir, n, 'manifest.json'))
    .filter((p) => existsSync(p))
    .map((p) => (JSON.parse(readFileSync(p, 'utf8')) as { status: string }).status)
    .sort()
}

test('a lost connection shows a banner; back, the run is filled in from its last seq', async ({ page }) => {
  const proxy = await startCutProxy(stack.url)
  try {
    await openApp(page, proxy.url)
    await dropSpec(page, NOTES_SPEC, 'notes_api.yaml')
    await page.getByTestId('provider-select').selectOption('ollama')
    await page.getByTestId('run-button').click()
    await expect(node(page, 'builder')).toHaveAttribute('data-status', 'running')
    await expect(page.getByTestId('connection-lost')).toHaveCount(0)

    proxy.cut()
    await expect(page.getByTestId('connection-lost')).toBeVisible()
    await expect(node(page, 'builder')).toHaveAttribute('data-status', 'running')
    // The run goes on and ends on the server while the page hears nothing.
    await expect.poll(() => manifestStatuses(stack.runsDir), { timeout: 45_000 }).toEqual(['succeeded'])
    await page.screenshot({ path: 'test-results/connection-lost.png' })

    proxy.restore()
    await expect(page.getByTestId('connection-lost')).toHaveCount(0, { timeout: 20_000 })
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded')
    for (const id of TEAM) await expect(node(page, id)).toHaveAttribute('data-status', 'succeeded')
  } finally {
    await proxy.close()
  }
})

test('a server that dies mid-run: banner, then History shows the run interrupted, not running', async ({ page }) => {
  await openApp(page, stack.url)
  await dropSpec(page, NOTES_SPEC.replace('Build a small notes REST API', 'Build a small notes REST API (crash)'), 'notes_api.yaml')
  await page.getByTestId('provider-select').selectOption('ollama')
  await page.getByTestId('run-button').click()
  await expect(node(page, 'builder')).toHaveAttribute('data-status', 'running')
  await expect(page.getByTestId('node-preview-builder')).toContainText('builder-token')

  await stack.crash()
  await expect(page.getByTestId('connection-lost')).toBeVisible()
  expect(manifestStatuses(stack.runsDir)).toEqual(['running', 'succeeded'])

  await stack.restart()
  await openApp(page, stack.url)
  await page.getByTestId('nav-history').click()
  const row = page.getByTestId('history-row').first()
  await expect(row).toHaveAttribute('data-status', 'interrupted')
  await expect(row.getByTestId('history-reason')).toContainText('interrupted')
  await row.getByTestId('history-link').click()
  const graph = page.getByTestId('detail-graph')
  await expect(page.getByTestId('run-detail-status')).toHaveText('interrupted')
  await expect(graph.getByTestId('node-architect')).toHaveAttribute('data-status', 'succeeded')
  await expect(graph.getByTestId('node-builder')).toHaveAttribute('data-status', 'interrupted')
  await expect(graph.getByTestId('node-qa')).toHaveAttribute('data-status', 'not-started')
  const elapsed = await graph.getByTestId('node-elapsed-builder').textContent()
  await page.waitForTimeout(1200)
  await expect(graph.getByTestId('node-elapsed-builder')).toHaveText(elapsed ?? '')
  await expect(page.locator('[data-status="running"]')).toHaveCount(0)
})
