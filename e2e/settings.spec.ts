/**
 * Settings → Local model server against the real `orchestrator ui` and a fake Ollama that
 * answers /api/version, lists two models and streams pull progress: the server shows as
 * reachable with its models and sizes; pulling a model shows a progress bar that advances to
 * done, and the model then appears in the list. A bad name cannot be submitted.
 */
import { expect, test } from '@playwright/test'
import { openApp } from './support/app-page'
import { startStack, type Stack } from './support/stack'
import { teamScript } from './support/team-script'

const GIB = 1024 ** 3

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack(teamScript(), {
    version: '0.9.9',
    models: ['qwen2.5-coder:7b', 'llama3.2:1b'],
    sizes: { 'qwen2.5-coder:7b': Math.round(4.4 * GIB), 'llama3.2:1b': Math.round(1.3 * GIB) },
    pull: { steps: 12, totalBytes: Math.round(2 * GIB), delayMs: 120 },
  })
})
test.afterAll(async () => {
  await stack?.close()
})

test('shows the local server with its models and pulls a model with a progress bar', async ({ page }) => {
  await openApp(page, stack.url)
  await page.getByTestId('nav-settings').click()
  const section = page.getByTestId('local-server')
  await expect(section.getByTestId('local-ollama-state')).toHaveAttribute('data-reachable', 'true')
  await expect(section.getByTestId('local-ollama-state')).toContainText('reachable')
  await expect(section.getByTestId('local-host')).toHaveText(stack.ollama.url)
  await expect(section.getByTestId('local-version')).toHaveText('0.9.9')
  await expect(section.getByTestId('local-model')).toHaveCount(2)
  await expect(section.locator('[data-testid="local-model"][data-model="qwen2.5-coder:7b"]')).toContainText('4.4 GB')

  await section.getByTestId('pull-model').fill('bad name!')
  await expect(section.getByTestId('pull-button')).toBeDisabled()
  await section.getByTestId('pull-model').fill('phi3:mini')
  await section.getByTestId('pull-button').click()

  const bar = section.locator('[data-testid="pull-row"][data-model="phi3:mini"]').getByTestId('pull-progress')
  const seen: number[] = []
  await expect
    .poll(
      async () => {
        seen.push(Number(await bar.getAttribute('aria-valuenow')))
        return seen.at(-1)
      },
      { intervals: [50], timeout: 20_000 },
    )
    .toBe(100)
  expect(
    seen.some((v) => v > 0 && v < 100),
    `the bar advanced through intermediate values: ${seen.join(',')}`,
  ).toBe(true)
  expect(seen).toEqual([...seen].sort((a, b) => a - b))
  await expect(section.locator('[data-testid="pull-row"][data-model="phi3:mini"]')).toHaveAttribute('data-state', 'done')
  await expect(section.locator('[data-testid="local-model"][data-model="phi3:mini"]')).toContainText('2.0 GB')
  await expect(section.getByTestId('local-model')).toHaveCount(3)
  expect(stack.ollama.pullRequests).toEqual(['phi3:mini'])
  await page.screenshot({ path: test.info().outputPath('settings-local-server.png'), fullPage: true })
})
