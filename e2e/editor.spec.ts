/**
 * The spec editor against the real core: the examples are listed once; a broken `needs` shows
 * lint markers and a problem list whose line:column entries are exactly what `orchestrator
 * validate` prints for the same text; Save as writes <runs>/specs/<name> (replacing needs an
 * explicit second click); the fixed spec saves in place and opens in the Graph.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { NOTES_SPEC, openApp } from './support/app-page'
import { REPO_ROOT, startStack, type Stack } from './support/stack'
import { teamScript } from './support/team-script'

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack(teamScript())
})
test.afterAll(async () => {
  await stack?.close()
})

function cliProblems(text: string): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'uo-editor-')), 'broken.yaml')
  writeFileSync(file, text)
  let out = ''
  try {
    execFileSync(process.execPath, [join(REPO_ROOT, 'bin/orchestrator.mjs'), 'validate', file], { encoding: 'utf8', stdio: 'pipe' })
  } catch (err) {
    out = String((err as { stderr?: string }).stderr ?? '') + String((err as { stdout?: string }).stdout ?? '')
  }
  return [...out.matchAll(/broken\.yaml:(\d+:\d+): /g)].map((m) => m[1] ?? '')
}

async function replaceText(page: Page, text: string): Promise<void> {
  await page.getByTestId('editor-content').click()
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.insertText(text)
}

test('Editor: markers at the validator line:column, save as, replace, save in place, open in Graph', async ({ page }) => {
  await openApp(page, stack.url)
  await page.getByTestId('nav-editor').click()
  await expect(page.getByTestId('editor-file')).toContainText('notes_api.yaml (example)')
  const names = await page.getByTestId('editor-example').evaluateAll((els) => els.map((el) => el.getAttribute('data-name')))
  expect(names).toEqual(['notes_api.yaml', 'tiny_spec.yaml'])
  await expect(page.getByTestId('editor-problem-count')).toHaveText('valid ✓')

  const broken = NOTES_SPEC.replace('needs: [architect]', 'needs: [archtect]').replace(
    'project: notes-api',
    'project: notes-api\nbogus_key: 1',
  )
  expect(broken).not.toBe(NOTES_SPEC)
  await replaceText(page, broken)
  const expected = cliProblems(broken)
  expect(expected.length).toBeGreaterThanOrEqual(2)
  await expect(page.getByTestId('editor-problem-count')).toHaveAttribute('data-count', String(expected.length))
  const shown = await page.getByTestId('editor-problem').evaluateAll((els) => els.map((el) => (el.textContent ?? '').split(' ')[0]))
  expect(shown).toEqual(expected)
  // CodeMirror draws only the lines in view: jump to each problem, then its marker is on screen.
  const problems = page.getByTestId('editor-problem')
  for (let i = 0; i < expected.length; i++) {
    await problems.nth(i).click()
    await expect(page.locator('.cm-lintRange-error').first()).toBeVisible()
    await expect(page.locator('.cm-lint-marker-error').first()).toBeVisible()
  }
  await problems.filter({ hasText: 'archtect' }).first().click()
  await expect(page.locator('.cm-lintRange-error').filter({ hasText: 'archtect' }).first()).toBeVisible()
  await page.locator('.cm-lintRange-error').filter({ hasText: 'archtect' }).first().hover()
  await expect(page.locator('.cm-tooltip-lint')).toContainText("unknown step 'archtect'")
  await page.screenshot({ path: 'docs/screenshots/editor.png' })

  await page.getByTestId('editor-save').click()
  await page.getByTestId('editor-save-name').fill('my notes.yaml')
  await expect(page.getByTestId('editor-save-confirm')).toBeDisabled()
  await page.getByTestId('editor-save-name').fill('my-notes.yaml')
  await page.getByTestId('editor-save-confirm').click()
  await expect(page.getByTestId('editor-message')).toContainText('Saved')
  await expect(page.locator('[data-testid="editor-saved-spec"][data-name="my-notes.yaml"]')).toBeVisible()
  const savedPath = join(stack.runsDir, 'specs', 'my-notes.yaml')
  expect(readFileSync(savedPath, 'utf8')).toBe(broken)

  await page.getByTestId('editor-save-as').click()
  await page.getByTestId('editor-save-name').fill('my-notes.yaml')
  await page.getByTestId('editor-save-confirm').click()
  await expect(page.getByTestId('editor-message')).toContainText('already exists')
  await expect(page.getByTestId('editor-save-confirm')).toHaveText('Replace it')
  await page.getByTestId('editor-save-confirm').click()
  await expect(page.getByTestId('editor-message')).toContainText('Saved')

  await replaceText(page, NOTES_SPEC)
  await expect(page.getByTestId('editor-problem-count')).toHaveText('valid ✓')
  await page.getByTestId('editor-save').click()
  await expect(page.getByTestId('editor-message')).toContainText('Saved')
  expect(readFileSync(savedPath, 'utf8')).toBe(NOTES_SPEC)

  await page.getByTestId('editor-example').filter({ hasText: 'tiny_spec.yaml' }).click()
  await expect(page.getByTestId('editor-file')).toContainText('tiny_spec.yaml')
  await page.locator('[data-testid="editor-saved-spec"][data-name="my-notes.yaml"]').click()
  await expect(page.getByTestId('editor-file')).toHaveText('my-notes.yaml')
  await page.getByTestId('editor-open-graph').click()
  await expect(page.locator('.react-flow__node')).toHaveCount(4)
})
