/**
 * Graph view: a dropped spec becomes the four-agent DAG with the right edges, laid out left to
 * right; a broken spec shows its problem with line:column; spec text renders as text, not HTML.
 */
import { expect, test } from '@playwright/test'
import { dropSpec, edgeIds, node, NOTES_SPEC, openApp, openSpecFile, TEAM } from './support/app-page'
import { startStack, type Stack } from './support/stack'
import { teamScript } from './support/team-script'

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack(teamScript())
})
test.afterAll(async () => {
  await stack?.close()
})

test('dropping a spec shows four agents and the right edges, left to right', async ({ page }) => {
  await openApp(page, stack.url)
  await dropSpec(page, NOTES_SPEC, 'notes_api.yaml')
  for (const id of TEAM) await expect(node(page, id)).toBeVisible()
  await expect(page.locator('.react-flow__node')).toHaveCount(4)
  for (const id of TEAM) await expect(node(page, id)).toHaveAttribute('data-status', 'pending')
  await expect(node(page, 'architect')).toContainText('Architect')
  expect(await edgeIds(page)).toEqual(['architect->builder', 'architect->docs', 'builder->qa', 'docs->qa'])
  const x = async (id: string): Promise<number> => (await node(page, id).boundingBox())?.x ?? Number.NaN
  expect(await x('architect')).toBeLessThan(await x('builder'))
  expect(await x('builder')).toBeLessThan(await x('qa'))
  expect(Math.abs((await x('builder')) - (await x('docs')))).toBeLessThan(5)
  await expect(page.getByTestId('spec-name')).toHaveText('notes_api.yaml')
})

test('a broken spec shows its error with line and column', async ({ page }) => {
  await openApp(page, stack.url)
  const broken = 'project: broken\ntask: build it\nsteps:\n  - id: a\n    agent: nobody\n    prompt: hi\n    needs: [missing]\n'
  await openSpecFile(page, broken, 'broken.yaml')
  const issues = page.getByTestId('spec-issue')
  await expect(issues.first()).toBeVisible()
  await expect(issues.first()).toContainText(/broken\.yaml:\d+:\d+/)
  await expect(page.locator('.react-flow__node')).toHaveCount(0)

  await dropSpec(page, 'project: x\ntask: t\nconcurrency: many\n', 'typed.yaml')
  await expect(page.getByTestId('spec-issue').first()).toContainText(/typed\.yaml:3:\d+/)
  await expect(page.getByTestId('spec-issue').first()).toContainText('concurrency')

  await dropSpec(page, 'project: x\ntask: [unclosed\n', 'syntax.yaml')
  await expect(page.getByTestId('spec-issue').first()).toContainText(/syntax\.yaml:\d+:\d+.*YAML/)
})

test('spec text that looks like HTML renders as text', async ({ page }) => {
  await openApp(page, stack.url)
  const hostile = NOTES_SPEC.replace(/^project: .*$/m, 'project: "<img src=x onerror=window.__pwned=1>"').replace(
    'role: Architect',
    'role: "<b>Arch</b>"',
  )
  await dropSpec(page, hostile, 'hostile.yaml')
  await expect(node(page, 'architect')).toContainText('<b>Arch</b>')
  await expect(page.getByTestId('graph-title')).toContainText('<img src=x')
  expect(await page.locator('img[src="x"]').count()).toBe(0)
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
})
