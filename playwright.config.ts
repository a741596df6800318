/**
 * Playwright E2E config: the browser scripts/find-browser.mjs finds (npm test installs one first
 * where it can), one worker (each spec file
 * starts its own server and fake model), artifacts and screenshots under test-results/.
 * Run `npm run build` first; the specs start `orchestrator ui` from out/.
 */
import { defineConfig } from '@playwright/test'
import { findBrowser } from './scripts/find-browser.mjs'

export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  outputDir: 'test-results/artifacts',
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: findBrowser() ?? undefined,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
})
