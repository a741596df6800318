/**
 * Settings → models and providers against the real core, a fake Ollama with two installed
 * models and a fake OpenAI-compatible server: the default-model picker lists Ollama's models;
 * each provider row lists its models at its base URL and "Test connection" runs the preflight —
 * passing for an installed model, failing with the fix for a server that is not there.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { FAKE_OPENAI_KEY, startFakeOpenAI } from '../src/core/providers/openai/testing/fake-openai-server'
import type { FakeProviderServer } from '../src/core/providers/testing/contract-types'
import { openApp } from './support/app-page'
import { startStack, type Stack } from './support/stack'
import { teamScript } from './support/team-script'

let stack: Stack
let openai: FakeProviderServer
test.beforeAll(async () => {
  stack = await startStack(teamScript(), { models: ['qwen2.5-coder:7b', 'llama3.2:1b'], version: '0.9.9' })
  openai = await startFakeOpenAI({ apiKey: FAKE_OPENAI_KEY, models: ['gpt-4.1', 'gpt-4o-mini'] })
})
test.afterAll(async () => {
  await stack?.close()
  await openai?.close()
})

test('Settings: model pickers from the providers, base URLs, Test connection', async ({ page }) => {
  await openApp(page, stack.url)
  await page.getByTestId('nav-settings').click()
  const picker = page.getByTestId('settings-model-picker')
  await expect(picker.locator('option')).toHaveText(['pick an installed model…', 'llama3.2:1b', 'qwen2.5-coder:7b'])
  await picker.selectOption('llama3.2:1b')
  await expect(page.getByTestId('settings-model')).toHaveValue('llama3.2:1b')
  await page.getByTestId('settings-save').click()
  await expect(page.getByTestId('settings-message')).toHaveText('Saved.')
  expect(JSON.parse(readFileSync(join(stack.runsDir, 'settings.json'), 'utf8'))).toMatchObject({ defaultModel: 'llama3.2:1b' })

  const ollama = page.locator('[data-testid="provider-row"][data-provider="ollama"]')
  await expect(page.getByTestId('base-url-ollama')).toHaveValue(stack.ollama.url)
  await page.getByTestId('test-model-ollama').selectOption('qwen2.5-coder:7b')
  await page.getByTestId('test-ollama').click()
  await expect(ollama.getByTestId('test-result-ollama')).toHaveAttribute('data-ok', 'true')
  await expect(ollama.getByTestId('test-result-ollama')).toContainText('can serve qwen2.5-coder:7b')

  await page.getByTestId('base-url-ollama').fill('http://127.0.0.1:9')
  await page.getByTestId('test-ollama').click()
  await expect(ollama.getByTestId('test-result-ollama')).toHaveAttribute('data-ok', 'false')
  await expect(ollama.getByTestId('test-result-ollama')).toContainText('127.0.0.1:9')
  await page.getByTestId('base-url-ollama').fill(stack.ollama.url)

  const row = page.locator('[data-testid="provider-row"][data-provider="openai"]')
  await page.getByTestId('base-url-openai').fill(openai.url)
  await page.getByTestId('test-openai').click()
  await expect(row.getByTestId('test-result-openai')).toHaveAttribute('data-ok', 'false')
  await expect(row.getByTestId('test-result-openai')).toContainText('OPENAI_API_KEY')
  await page.getByTestId('settings-openai-key').fill(FAKE_OPENAI_KEY)
  await page.getByTestId('list-models-openai').click()
  await expect(page.getByTestId('list-models-openai')).toHaveText('2 models ↻')
  await expect(page.getByTestId('test-model-openai').locator('option')).toHaveText(['default model', 'gpt-4.1', 'gpt-4o-mini'])
  await page.getByTestId('test-model-openai').selectOption('gpt-4.1')
  await page.getByTestId('test-openai').click()
  await expect(row.getByTestId('test-result-openai')).toHaveAttribute('data-ok', 'true')
  expect(JSON.parse(readFileSync(join(stack.runsDir, 'settings.json'), 'utf8'))).toMatchObject({ baseUrls: { openai: openai.url } })
  expect(readFileSync(join(stack.runsDir, 'settings.json'), 'utf8')).not.toContain(FAKE_OPENAI_KEY)

  await page.getByTestId('settings-provider').selectOption('openai')
  await expect(picker.locator('option')).toHaveText(['pick an installed model…', 'gpt-4.1', 'gpt-4o-mini'])
  await page.getByTestId('providers-section').scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'docs/screenshots/settings-providers.png', fullPage: true })
})
