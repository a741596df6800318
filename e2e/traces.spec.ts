/**
 * Traces against the real core and a scripted Ollama whose first Architect call answers 503:
 * while the run is live the Traces view follows it; afterwards the waterfall shows the failed
 * call, its backoff and the retried call, a tool call opens with its arguments and result, every
 * turn has tokens and latency, the event pane filters by step and type, and the run folder opens
 * inputs/ and renders outputs' Markdown. Copy buttons put the text on the clipboard.
 */
import { expect, test } from '@playwright/test'
import type { FakeScript } from '../src/core/providers/ollama/testing/fake-ollama-server'
import { dropSpec, NOTES_SPEC, openApp } from './support/app-page'
import { startStack, type Stack } from './support/stack'
import { roleOf, teamScript } from './support/team-script'

let stack: Stack
test.beforeAll(async () => {
  const team = teamScript()
  let failedOnce = false
  const script: FakeScript = (body) => {
    if (!failedOnce && roleOf(body) === 'architect') {
      failedOnce = true
      return { status: 503, error: 'server busy, try again', headers: { 'retry-after-ms': '300' } }
    }
    return team(body)
  }
  stack = await startStack(script)
})
test.afterAll(async () => {
  await stack?.close()
})

test('Traces: live pane, waterfall with retry and backoff, tool arguments and results, turns, filters, run folder', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await openApp(page, stack.url)
  await dropSpec(page, NOTES_SPEC, 'notes_api.yaml')
  await expect(page.locator('.react-flow__node')).toHaveCount(4)
  await page.getByTestId('provider-select').selectOption('ollama')
  await page.getByTestId('run-button').click()
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running')

  await page.getByTestId('nav-traces').click()
  const view = page.getByTestId('traces-view')
  await expect(view.getByTestId('traces-summary')).toContainText('live')
  const firstCount = await view.getByTestId('event-row').count()
  await expect.poll(() => view.getByTestId('event-row').count(), { timeout: 30_000 }).toBeGreaterThan(firstCount)
  await expect(view.getByTestId('traces-summary')).not.toContainText('live', { timeout: 45_000 })

  const architect = view.locator('[data-testid="waterfall-lane"][data-step="architect"]')
  await expect(architect.locator('[data-kind="model"][data-status="failed"]')).toHaveCount(1)
  await expect(architect.locator('[data-kind="backoff"]')).toHaveCount(1)
  await expect(architect.locator('[data-kind="model"][data-status="succeeded"]')).toHaveCount(2)
  await expect(view.getByTestId('waterfall-lane')).toHaveCount(4)
  for (const step of ['builder', 'docs', 'qa']) {
    await expect(view.locator(`[data-testid="waterfall-lane"][data-step="${step}"] [data-kind="step"]`)).toHaveAttribute(
      'data-status',
      'succeeded',
    )
  }

  const mainPy = view.locator('[data-testid="waterfall-lane"][data-step="builder"] [data-kind="tool"]').first()
  await mainPy.focus()
  await page.keyboard.press('Enter')
  await expect(view.getByTestId('span-detail')).toHaveAttribute('data-kind', 'tool')
  await expect(view.getByTestId('span-arguments')).toContainText('"path":"main.py"')
  await expect(view.getByTestId('span-arguments')).toContainText('FastAPI')
  await expect(view.getByTestId('span-result')).toContainText('main.py')
  await view.getByTestId('copy-span-arguments').click()
  await expect(view.getByTestId('copy-span-arguments')).toHaveAttribute('data-state', 'copied')
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('"path":"main.py"')

  const turns = view.getByTestId('turn-row')
  await expect(turns).toHaveCount(8)
  await expect(view.locator('[data-testid="turn-row"][data-step="qa"]').first()).toContainText('120')
  await expect(view.locator('[data-testid="turn-row"][data-step="architect"]').first()).toContainText('2')

  await view.getByTestId('event-filter-step').selectOption('docs')
  const rows = view.getByTestId('event-row')
  await expect.poll(() => rows.count()).toBeGreaterThan(3)
  for (const type of await rows.evaluateAll((els) => els.map((el) => el.textContent ?? ''))) expect(type).toContain('docs')
  await view.getByTestId('event-filter-type').selectOption('step.tool_result')
  await expect(rows).toHaveCount(1)
  await rows.first().getByRole('button').first().click()
  await expect(view.getByTestId('tool-result')).toContainText('README.md')

  const folder = view.getByTestId('run-folder')
  await folder.getByTestId('folder-inputs').click()
  await expect(folder.locator('[data-testid="run-folder-file"][data-path="spec.yaml"]')).toBeVisible()
  await folder.locator('[data-testid="run-folder-file"][data-path="spec.yaml"]').click()
  await expect(folder.getByTestId('viewer-content')).toContainText('project: notes-api')
  await folder.getByTestId('folder-outputs').click()
  await folder.locator('[data-testid="run-folder-file"][data-path="DESIGN.md"]').click()
  const md = folder.getByTestId('run-file-markdown')
  await expect(md.locator('h1')).toHaveText('Design')
  await expect(md.locator('h2').first()).toHaveText('Stack')
  await expect(md.locator('li')).toHaveCount(2)
  await folder.getByTestId('markdown-toggle').click()
  await expect(folder.getByTestId('viewer-content')).toContainText('## Stack')
  await folder.getByTestId('folder-artifacts').click()
  await expect(folder.locator('[data-testid="run-folder-file"][data-path="architect.md"]')).toBeVisible()

  await view.getByTestId('event-filter-type').selectOption('all')
  await view.getByTestId('event-filter-step').selectOption('all')
  await page.locator('[data-testid="waterfall-lane"][data-step="architect"] [data-kind="backoff"]').click()
  await page.screenshot({ path: 'docs/screenshots/traces.png', fullPage: false })
})
