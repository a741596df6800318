/**
 * Cancel during a run: the run and its running steps end as cancelled, the step that never began
 * is not started, the finished step stays succeeded, and outputs/ holds no temp files and only complete files listed in the manifest.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { dropSpec, node, NOTES_SPEC, openApp } from './support/app-page'
import { startStack, type Stack } from './support/stack'
import { teamScript, VISIBLE_PACE } from './support/team-script'

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack(teamScript({ ...VISIBLE_PACE, builder: { deltas: 600, delayMs: 50 }, docs: { deltas: 600, delayMs: 50 } }))
})
test.afterAll(async () => {
  await stack?.close()
})

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort()
}

test('Cancel during a run: cancelled status, no half-written files', async ({ page }) => {
  await openApp(page, stack.url)
  await dropSpec(page, NOTES_SPEC, 'notes_api.yaml')
  await page.getByTestId('provider-select').selectOption('ollama')
  await page.getByTestId('run-button').click()
  await expect(node(page, 'builder')).toHaveAttribute('data-status', 'running')
  await expect(page.getByTestId('node-preview-builder')).toContainText('builder-token')

  await page.getByTestId('cancel-button').click()
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'cancelled')
  await expect(node(page, 'architect')).toHaveAttribute('data-status', 'succeeded')
  for (const id of ['builder', 'docs']) await expect(node(page, id)).toHaveAttribute('data-status', 'cancelled')
  await expect(node(page, 'qa')).toHaveAttribute('data-status', 'not-started')
  await expect(page.getByTestId('cancel-button')).toBeDisabled()

  const jobs = readdirSync(stack.runsDir).filter((n) => n.startsWith('job_'))
  expect(jobs).toHaveLength(1)
  const runDir = join(stack.runsDir, jobs[0] ?? '')
  const outputs = join(runDir, 'outputs')
  const onDisk = filesUnder(outputs)
  expect(onDisk.filter((p) => p.includes('.tmp-'))).toEqual([])
  const manifest = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as {
    status: string
    files: { path: string; sha256: string }[]
  }
  expect(manifest.status).toBe('cancelled')
  expect(onDisk).toEqual(manifest.files.map((f) => f.path).sort())
  for (const f of manifest.files)
    expect(
      createHash('sha256')
        .update(readFileSync(join(outputs, f.path)))
        .digest('hex'),
    ).toBe(f.sha256)

  await page.getByTestId('nav-history').click()
  await expect(page.getByTestId('history-row').first()).toHaveAttribute('data-status', 'cancelled')
})
