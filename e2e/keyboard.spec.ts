/**
 * Keyboard and accessibility: "Open spec…" and the views are reached with Tab and show a focus
 * ring; a node is focused with Tab, Enter opens its panel, Esc closes it and gives focus back;
 * History's sort headers are buttons and rows are links, so a past run opens with Enter; every
 * view has a hash route, so Back returns and a run's address reopens it; axe-core (injected from
 * the dev dependency) finds no serious or critical violation on the graph, history and run detail.
 */
import { expect, test, type Page } from '@playwright/test'
import { dropSpec, NOTES_SPEC, openApp } from './support/app-page'
import { seriousViolations } from './support/axe'
import { startStack, type Stack } from './support/stack'
import { FAST_PACE, teamScript } from './support/team-script'

test.describe.configure({ mode: 'serial' })
// axe is injected as a script; the page's CSP (script-src 'self') would refuse it.
test.use({ bypassCSP: true })

const FAST = FAST_PACE

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack(teamScript(FAST))
})
test.afterAll(async () => {
  await stack?.close()
})

/** Presses Tab until the focused element matches `selector`; fails after `max` presses. */
async function tabTo(page: Page, selector: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return
  }
  throw new Error(`Tab never reached ${selector}`)
}

async function focusRing(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement
    if (!el) return 'none'
    const style = getComputedStyle(el)
    return `${style.outlineStyle} ${style.outlineWidth}`
  })
}

test('Tab reaches Open spec… with a visible ring; Enter on a node opens its panel, Esc closes it', async ({ page }) => {
  await openApp(page, stack.url)
  await tabTo(page, '[data-testid="open-spec-button"]')
  expect(await focusRing(page)).toMatch(/^solid [1-9]/)

  await dropSpec(page, NOTES_SPEC, 'notes_api.yaml')
  await expect(page.locator('.react-flow__node')).toHaveCount(4)
  await tabTo(page, '.react-flow__node[data-id="builder"]')
  expect(await focusRing(page)).toMatch(/^solid [1-9]/)
  await page.screenshot({ path: 'test-results/keyboard-focus.png' })
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('node-panel')).toBeVisible()
  await expect(page.getByTestId('node-panel')).toContainText('builder')
  await expect(page.getByTestId('node-prompt')).toHaveText(/Not run yet/)
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('node-panel')).toHaveCount(0)
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe('builder')

  expect(await seriousViolations(page)).toEqual([])
})

test('History by keyboard: sort buttons, rows as links, hash routes so Back works and a run can be linked', async ({ page }) => {
  await openApp(page, stack.url)
  await dropSpec(page, NOTES_SPEC, 'notes_api.yaml')
  await page.getByTestId('provider-select').selectOption('ollama')
  await page.getByTestId('run-button').click()
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded')

  await tabTo(page, '[data-testid="nav-history"]')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('history-table')).toBeVisible()
  expect(new URL(page.url()).hash).toBe('#/history')

  await tabTo(page, '[data-testid="sort-project"]')
  const header = page.locator('th', { has: page.getByTestId('sort-project') })
  await expect(header).toHaveAttribute('aria-sort', 'none')
  await page.keyboard.press('Enter')
  await expect(header).toHaveAttribute('aria-sort', 'ascending')
  expect(await seriousViolations(page)).toEqual([])

  await tabTo(page, '[data-testid="history-link"]')
  expect(await focusRing(page)).toMatch(/^solid [1-9]/)
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('run-detail')).toBeVisible()
  const jobId = await page.getByTestId('run-detail').getAttribute('data-job')
  expect(new URL(page.url()).hash).toBe(`#/history/${jobId}`)
  await expect(page.getByTestId('detail-graph').getByTestId('node-qa')).toHaveAttribute('data-status', 'succeeded')
  expect(await seriousViolations(page)).toEqual([])

  await page.goBack()
  await expect(page.getByTestId('history-table')).toBeVisible()
  await page.goBack()
  await expect(page.getByTestId('graph-view')).toBeVisible()
  await page.goForward()
  await page.goForward()
  await expect(page.getByTestId('run-detail')).toHaveAttribute('data-job', jobId ?? '')

  // The run's address opens it again after a reload (the token stays with the tab).
  await page.reload()
  await expect(page.getByTestId('run-detail')).toHaveAttribute('data-job', jobId ?? '')
  await expect(page.getByTestId('detail-graph').getByTestId('node-qa')).toHaveAttribute('data-status', 'succeeded')
})
