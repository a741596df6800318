/**
 * Running a spec against the real core and a scripted Ollama: nodes turn running then succeeded
 * in dependency order, Builder and Docs overlap, tokens stream into the node preview; after a
 * reload the run is in History, and an output file's SHA-256 in the viewer equals the manifest's.
 */
import { expect, test } from '@playwright/test'
import { dropSpec, node, NOTES_SPEC, openApp, TEAM } from './support/app-page'
import { startStack, type Stack } from './support/stack'
import { firstIndex, recordStatuses, statusLog } from './support/status-recorder'
import { teamScript } from './support/team-script'

test.describe.configure({ mode: 'serial' })

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack(teamScript())
})
test.afterAll(async () => {
  await stack?.close()
})

test('Run: dependency order, Builder and Docs in parallel, tokens stream into the nodes', async ({ page }) => {
  await openApp(page, stack.url)
  await dropSpec(page, NOTES_SPEC, 'notes_api.yaml')
  await expect(page.locator('.react-flow__node')).toHaveCount(4)
  await recordStatuses(page)
  await page.getByTestId('provider-select').selectOption('ollama')
  await page.getByTestId('run-button').click()

  await expect(node(page, 'architect')).toHaveAttribute('data-status', 'running')
  await expect(page.getByTestId('node-preview-architect')).toContainText('architect-token')
  await expect
    .poll(async () => {
      const [b, d] = await Promise.all([node(page, 'builder').getAttribute('data-status'), node(page, 'docs').getAttribute('data-status')])
      return `${b}/${d}`
    })
    .toBe('running/running')
  await expect(page.getByTestId('node-preview-builder')).toContainText('builder-token')
  await expect(page.getByTestId('node-preview-docs')).toContainText('docs-token')
  await expect(page.getByTestId('node-preview-builder')).toContainText('builder line 2')
  await page.screenshot({ path: 'test-results/graph-mid-run.png' })

  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 45_000 })
  for (const id of TEAM) await expect(node(page, id)).toHaveAttribute('data-status', 'succeeded')

  const log = await statusLog(page)
  for (const id of TEAM) expect(firstIndex(log, id, 'running'), `${id} ran`).toBeLessThan(firstIndex(log, id, 'succeeded'))
  const archDone = firstIndex(log, 'architect', 'succeeded')
  expect(archDone).toBeLessThanOrEqual(firstIndex(log, 'builder', 'running'))
  expect(archDone).toBeLessThanOrEqual(firstIndex(log, 'docs', 'running'))
  expect(firstIndex(log, 'builder', 'succeeded')).toBeLessThanOrEqual(firstIndex(log, 'qa', 'running'))
  expect(firstIndex(log, 'docs', 'succeeded')).toBeLessThanOrEqual(firstIndex(log, 'qa', 'running'))
  expect(log.some((s) => s.statuses.builder === 'running' && s.statuses.docs === 'running')).toBe(true)
  await expect(page.getByTestId('node-tokens-builder')).not.toHaveText('0 tok')

  await node(page, 'builder').click()
  await expect(page.getByTestId('node-panel')).toBeVisible()
  await expect(page.getByTestId('node-output')).toContainText('builder-token-0')
  await expect(page.getByTestId('node-files')).toContainText('main.py')
  await expect(page.getByTestId('node-prompt')).toContainText('Implement this design')
})

test('after a reload the run is in History; an output file SHA-256 matches the manifest', async ({ page }) => {
  await openApp(page, stack.url)
  await page.reload()
  await expect(page.locator('[data-app-state="ready"]')).toBeVisible()
  await page.getByTestId('nav-history').click()
  const row = page.getByTestId('history-row').first()
  await expect(row).toHaveAttribute('data-status', 'succeeded')
  await expect(row).toContainText('notes-api')
  await page.screenshot({ path: 'test-results/history.png' })

  await row.click()
  await expect(page.getByTestId('run-detail')).toBeVisible()
  for (const id of TEAM)
    await expect(page.getByTestId('detail-graph').getByTestId(`node-${id}`)).toHaveAttribute('data-status', 'succeeded')
  await page.getByTestId('detail-tab-timeline').click()
  await expect(page.getByTestId('timeline-row').first()).toBeVisible()

  await page.getByTestId('detail-tab-outputs').click()
  const browser = page.getByTestId('outputs-browser')
  await browser.locator('[data-testid="tree-file"][data-path="main.py"]').click()
  await expect(page.getByTestId('viewer-path')).toHaveText('main.py')
  await expect(page.getByTestId('viewer-content')).toContainText('FastAPI')
  const shown = (await page.getByTestId('viewer-sha256').textContent())?.trim()
  const listed = (
    await browser.locator('[data-testid="manifest-row"][data-path="main.py"] [data-testid="manifest-sha256"]').textContent()
  )?.trim()
  expect(shown).toMatch(/^[0-9a-f]{64}$/)
  expect(shown).toBe(listed)
  await page.screenshot({ path: 'test-results/outputs.png' })

  await page.getByTestId('reveal-button').click()
  await expect(page.getByTestId('outputs-message')).toContainText('outputs')
})
