/**
 * Page module for the E2E specs: opening the app (waits for `data-app-state="ready"`, never a
 * timeout), loading a spec by a synthetic drop or the file input, and locators by data-testid.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, type Locator, type Page } from '@playwright/test'
import { REPO_ROOT } from './stack'

export const NOTES_SPEC = readFileSync(join(REPO_ROOT, 'examples/notes_api.yaml'), 'utf8')
export const TEAM = ['architect', 'builder', 'docs', 'qa'] as const

export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await expect(page.locator('[data-app-state="ready"]')).toBeVisible()
}

/** Drops a file on the window the way a user's drag from the file manager does. */
export async function dropSpec(page: Page, text: string, fileName: string): Promise<void> {
  await page.evaluate(
    ({ text, fileName }) => {
      const transfer = new DataTransfer()
      transfer.items.add(new File([text], fileName, { type: 'application/yaml' }))
      const target = document.querySelector('[data-testid="app"]') ?? document.body
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }))
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
    },
    { text, fileName },
  )
}

export async function openSpecFile(page: Page, text: string, fileName: string): Promise<void> {
  await page.getByTestId('open-spec-input').setInputFiles({ name: fileName, mimeType: 'application/yaml', buffer: Buffer.from(text) })
}

export const node = (page: Page, id: string): Locator => page.getByTestId(`node-${id}`)

/** The ids (`<source>-><target>`) of the edges React Flow rendered in the graph canvas. */
export async function edgeIds(page: Page): Promise<string[]> {
  return page.locator('[data-testid="graph-canvas"] .react-flow__edge').evaluateAll((els) =>
    els
      .map((el) => el.getAttribute('data-id') ?? '')
      .filter((id) => id !== '')
      .sort(),
  )
}
