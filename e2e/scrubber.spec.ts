/**
 * The timeline scrubber on a past run, against the real core and a scripted Ollama: dragging to
 * the start, to the moment the Architect finished and to the Builder's first file shows the
 * graph, tokens so far and files written as they were then (checked against events.jsonl);
 * arrow keys step one event; Play advances through the run and Pause stops it.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import type { RunEvent } from '../src/shared/run-event'
import { dropSpec, NOTES_SPEC, openApp, TEAM } from './support/app-page'
import { startStack, type Stack } from './support/stack'
import { teamScript } from './support/team-script'

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack(teamScript())
})
test.afterAll(async () => {
  await stack?.close()
})

const scrubNode = (page: Page, id: string) => page.getByTestId('scrub-graph').getByTestId(`node-${id}`)

test('Scrubber: state at any moment of a past run, keyboard steps, play and pause', async ({ page }) => {
  await openApp(page, stack.url)
  await dropSpec(page, NOTES_SPEC, 'notes_api.yaml')
  await page.getByTestId('provider-select').selectOption('ollama')
  await page.getByTestId('run-button').click()
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 45_000 })

  await page.getByTestId('nav-history').click()
  await page.getByTestId('history-row').first().getByTestId('history-link').click()
  const jobId = (await page.getByTestId('run-detail').getAttribute('data-job')) ?? ''
  await page.getByTestId('detail-tab-scrub').click()
  const events = readFileSync(join(stack.runsDir, jobId, 'events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as RunEvent)
  const range = page.getByTestId('scrub-range')
  await expect(range).toHaveAttribute('max', String(events.length - 1))

  await expect(page.getByTestId('scrub-status')).toHaveText('succeeded')
  for (const id of TEAM) await expect(scrubNode(page, id)).toHaveAttribute('data-status', 'succeeded')
  await expect(page.getByTestId('scrub-files').locator('li')).toHaveCount(6)

  await range.fill('0')
  await expect(page.getByTestId('scrub-status')).toHaveText('running')
  for (const id of TEAM) await expect(scrubNode(page, id)).toHaveAttribute('data-status', 'pending')
  await expect(page.getByTestId('scrub-tokens')).toHaveText('0')
  await expect(page.getByTestId('scrub-files').locator('li')).toHaveCount(0)

  const architectDone = events.findIndex((e) => e.type === 'step.succeeded' && e.step === 'architect')
  await range.fill(String(architectDone))
  await expect(scrubNode(page, 'architect')).toHaveAttribute('data-status', 'succeeded')
  await expect(scrubNode(page, 'qa')).toHaveAttribute('data-status', 'pending')
  await expect(page.getByTestId('scrub-tokens')).toHaveText('320')
  await expect(page.getByTestId('scrub-files').locator('li')).toHaveText([/DESIGN\.md/])

  const mainPy = events.findIndex((e) => e.type === 'file.written' && e.path === 'main.py')
  await range.fill(String(mainPy))
  await expect(scrubNode(page, 'builder')).toHaveAttribute('data-status', 'running')
  await expect(page.getByTestId('scrub-files').locator('[data-path="main.py"]')).toBeVisible()
  await expect(page.getByTestId('scrub-event')).toContainText('builder wrote main.py')
  const builderStarted = events.find((e) => e.type === 'step.started' && e.step === 'builder')
  const elapsedThen = (Date.parse(events[mainPy]?.ts ?? '') - Date.parse(builderStarted?.ts ?? '')) / 1000
  await expect(scrubNode(page, 'builder').getByTestId('node-elapsed-builder')).toHaveText(`${elapsedThen.toFixed(1)} s`)
  await page.screenshot({ path: 'docs/screenshots/scrubber.png' })

  await range.focus()
  await page.keyboard.press('ArrowRight')
  await expect(range).toHaveValue(String(mainPy + 1))
  await expect(page.getByTestId('scrub-position')).toContainText(`event ${mainPy + 2} / ${events.length}`)

  await range.fill('0')
  await page.getByTestId('scrub-speed').selectOption('16')
  await page.getByTestId('scrub-play').click()
  await expect.poll(async () => Number(await range.inputValue())).toBeGreaterThan(0)
  await page.getByTestId('scrub-play').click()
  await expect(page.getByTestId('scrub-play')).toHaveAttribute('aria-pressed', 'false')
  const paused = await range.inputValue()
  await page.waitForTimeout(400)
  expect(await range.inputValue()).toBe(paused)
  await page.getByTestId('scrub-play').click()
  await expect(range).toHaveValue(String(events.length - 1), { timeout: 30_000 })
  await expect(page.getByTestId('scrub-play')).toHaveAttribute('aria-pressed', 'false')
  await expect(page.getByTestId('scrub-status')).toHaveText('succeeded')
})
