/**
 * Actions on past runs, through the typed IPC contract into the real core: Run from here on a node
 * (edited prompt and model; upstream reused with zero model calls, shown cached with what it
 * saved), Fresh run (every step asks the model again), Replay (zero model calls), Resume a
 * cancelled run in place, Approve and Reject a gated step, Compare two runs (first divergent step,
 * a line diff), "Open this run's spec", the estimate before Run, the budget against its cap,
 * and Delete.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import type { FakeScript } from '../src/core/providers/ollama/testing/fake-ollama-server'
import { dropSpec, node, NOTES_SPEC, openApp, TEAM } from './support/app-page'
import { seriousViolations } from './support/axe'
import { startStack, type Stack } from './support/stack'
import { FAST_PACE, roleOf, teamScript, type Role, type TeamPace } from './support/team-script'

test.describe.configure({ mode: 'serial' })
// axe is injected as a script; the page's CSP would refuse it.
test.use({ bypassCSP: true })

const FAST = FAST_PACE
const pace: TeamPace = { ...FAST }
const OTHER_MODEL = 'llama3.2:3b'

/** The team, except that a docs prompt asking for a changelog gets one in its README. */
function script(): FakeScript {
  const team = teamScript(pace)
  return async (body) => {
    const reply = await team(body)
    const user = body.messages.find((m) => m.role === 'user')?.content ?? ''
    if (roleOf(body) !== 'docs' || !user.includes('CHANGELOG') || !reply.toolCalls) return reply
    return {
      ...reply,
      toolCalls: reply.toolCalls.map((c) => ({
        ...c,
        arguments: { ...c.arguments, content: `${String(c.arguments.content)}\n## Changelog\n- first release\n` },
      })),
    }
  }
}

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack(script(), { models: ['qwen3.5', OTHER_MODEL] })
})
test.afterAll(async () => {
  await stack?.close()
})
test.beforeEach(() => {
  Object.assign(pace, FAST)
})

const roles = (from: number): Role[] => stack.ollama.requests.slice(from).map((r) => roleOf(r))

function caseSpec(name: string, extra = ''): string {
  return NOTES_SPEC.replace('Build a small notes REST API', `Build a small notes REST API (${name})`) + extra
}

async function runToEnd(page: Page, spec: string, status = 'succeeded'): Promise<string> {
  await dropSpec(page, spec, 'notes_api.yaml')
  await expect(page.locator('.react-flow__node')).toHaveCount(4)
  await page.getByTestId('provider-select').selectOption('ollama')
  await page.getByTestId('run-button').click()
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', status, { timeout: 45_000 })
  return (await liveJob(page)) ?? ''
}

async function liveJob(page: Page): Promise<string | null> {
  return page.getByTestId('run-status').getAttribute('data-job')
}

async function openDetail(page: Page, jobId: string): Promise<void> {
  await page.goto(`${new URL(stack.url).origin}/#/history/${jobId}`)
  await expect(page.getByTestId('run-detail')).toHaveAttribute('data-job', jobId)
}

test('Run from here on a node: new prompt and model, upstream reused with no model calls', async ({ page }) => {
  await openApp(page, stack.url)
  const parent = await runToEnd(page, caseSpec('run from here'))
  expect(parent).toMatch(/^job_/)
  await openDetail(page, parent)
  await page.getByTestId('detail-graph').getByTestId('node-docs').click()
  const panel = page.getByTestId('node-panel')
  await expect(panel.getByTestId('run-from-here')).toBeVisible()
  await panel.getByTestId('rerun-prompt').fill('Write README.md for {{task}}. Add a CHANGELOG section.')
  await panel.getByTestId('rerun-model').fill(OTHER_MODEL)
  await page.screenshot({ path: 'test-results/run-from-here.png' })
  const before = stack.ollama.requests.length
  await panel.getByTestId('rerun-button').click()

  await expect(page.getByTestId('graph-view')).toHaveAttribute('data-shown', 'run')
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 45_000 })
  const child = await liveJob(page)
  expect(child).not.toBe(parent)
  for (const id of ['architect', 'builder']) {
    await expect(node(page, id)).toHaveAttribute('data-status', 'cached')
    await expect(page.getByTestId(`node-saved-${id}`)).toContainText(/[1-9]\d* tok · \$0 saved/)
  }
  for (const id of ['docs', 'qa']) await expect(node(page, id)).toHaveAttribute('data-status', 'succeeded')
  await expect(page.getByTestId('rerun-note')).toContainText(`Rerun of ${parent} from docs: 2 steps reused, 640 tokens`)
  await page.screenshot({ path: 'test-results/rerun-reused.png' })
  expect(new Set(roles(before))).toEqual(new Set(['docs', 'qa']))
  const docsRequest = stack.ollama.requests.slice(before).find((r) => roleOf(r) === 'docs')
  expect(docsRequest?.model).toBe(OTHER_MODEL)
  expect(docsRequest?.messages.find((m) => m.role === 'user')?.content).toContain('Add a CHANGELOG section')

  // Compare the two runs: docs is where they diverged, README.md has the added lines.
  await openDetail(page, child ?? '')
  await page.getByTestId('action-compare').selectOption(parent)
  const compare = page.getByTestId('compare-view')
  await expect(compare.getByTestId('compare-divergent')).toContainText('First step that diverged: docs')
  await expect(compare.locator('[data-testid="compare-step"][data-step="docs"]')).toContainText('differs')
  const readme = compare.locator('[data-testid="compare-file"][data-path="README.md"]')
  await expect(readme).toContainText('changed')
  await expect(readme.locator('.diff-add')).toContainText(['## Changelog'])
  await page.screenshot({ path: 'test-results/compare.png', fullPage: true })
  expect(await seriousViolations(page)).toEqual([])
})

test('Fresh run asks every model again; Replay asks none', async ({ page }) => {
  await openApp(page, stack.url)
  const job = await runToEnd(page, caseSpec('fresh and replay'))
  await openDetail(page, job)
  let before = stack.ollama.requests.length
  await page.getByTestId('action-fresh').click()
  await expect(page.getByTestId('graph-view')).toHaveAttribute('data-shown', 'run')
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 45_000 })
  for (const id of TEAM) await expect(node(page, id)).toHaveAttribute('data-status', 'succeeded')
  expect(new Set(roles(before))).toEqual(new Set(TEAM))
  expect(await liveJob(page)).not.toBe(job)

  await openDetail(page, job)
  before = stack.ollama.requests.length
  await page.getByTestId('action-replay').click()
  await expect(page.getByTestId('graph-view')).toHaveAttribute('data-shown', 'run')
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 45_000 })
  expect(await liveJob(page)).not.toBe(job)
  expect(stack.ollama.requests.length).toBe(before)
})

test('Resume a cancelled run: the same job continues, finished steps are not asked again', async ({ page }) => {
  Object.assign(pace, { ...FAST, builder: { deltas: 400, delayMs: 40 }, docs: { deltas: 400, delayMs: 40 } })
  await openApp(page, stack.url)
  await dropSpec(page, caseSpec('resume'), 'notes_api.yaml')
  await page.getByTestId('provider-select').selectOption('ollama')
  await page.getByTestId('run-button').click()
  await expect(page.getByTestId('node-preview-builder')).toContainText('builder-token')
  await page.getByTestId('cancel-button').click()
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'cancelled')
  const job = (await liveJob(page)) ?? ''

  Object.assign(pace, FAST)
  await openDetail(page, job)
  const before = stack.ollama.requests.length
  await page.getByTestId('action-resume').click()
  await expect(page.getByTestId('graph-view')).toHaveAttribute('data-shown', 'run')
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 45_000 })
  expect(await liveJob(page)).toBe(job)
  for (const id of TEAM) await expect(node(page, id)).toHaveAttribute('data-status', /succeeded|cached/)
  expect(roles(before)).not.toContain('architect')
})

const GATED = (name: string): string =>
  caseSpec(name).replace('  - id: qa\n    agent: qa\n', '  - id: qa\n    agent: qa\n    approve: true\n')

test('Approve a gated step: the run waits for it, then continues in place', async ({ page }) => {
  await openApp(page, stack.url)
  const job = await runToEnd(page, GATED('approve'), 'awaiting_approval')
  await expect(node(page, 'qa')).toHaveAttribute('data-status', 'awaiting_approval')
  await node(page, 'qa').click()
  await expect(page.getByTestId('approval')).toBeVisible()
  await page.screenshot({ path: 'test-results/approval.png' })
  expect(await seriousViolations(page)).toEqual([])
  await page.getByTestId('approve-button').click()
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 45_000 })
  await expect(node(page, 'qa')).toHaveAttribute('data-status', 'succeeded')
  expect(await liveJob(page)).toBe(job)
})

test('Reject a gated step: it fails as rejected, with the reason', async ({ page }) => {
  await openApp(page, stack.url)
  await runToEnd(page, GATED('reject'), 'awaiting_approval')
  await node(page, 'qa').click()
  await page.getByTestId('reject-reason').fill('not this time')
  await page.getByTestId('reject-button').click()
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'failed', { timeout: 45_000 })
  await expect(node(page, 'qa')).toHaveAttribute('data-status', 'failed')
  await expect(page.getByTestId('node-preview-qa')).toContainText('not this time')
})

test("Open this run's spec: the Graph shows the spec it ran", async ({ page }) => {
  await openApp(page, stack.url)
  const job = await runToEnd(page, caseSpec('open spec').replace(/^project: .*$/m, 'project: reopened-app'))
  await dropSpec(page, NOTES_SPEC.replace(/^project: .*$/m, 'project: something-else'), 'other.yaml')
  await openDetail(page, job)
  await page.getByTestId('action-open-spec').click()
  await expect(page.getByTestId('graph-view')).toHaveAttribute('data-shown', 'spec')
  await expect(page.getByTestId('graph-title')).toContainText('reopened-app')
  await expect(page.getByTestId('graph-title')).toContainText('(open spec)')
  await expect(page.getByTestId('spec-name')).toHaveText(/\.ya?ml$/)
  await expect(page.locator('.react-flow__node')).toHaveCount(4)
})

test('The estimate before Run, and the budget spent against its cap, live', async ({ page }) => {
  await openApp(page, stack.url)
  await dropSpec(page, caseSpec('budget', '\nbudget: { max_tokens: 100000 }\n'), 'notes_api.yaml')
  await page.getByTestId('provider-select').selectOption('ollama')
  await expect(page.getByTestId('run-estimate')).toContainText(/estimate ~[\d.k]+ tok · \$0, at most [\d.k]+ tok · \$0/)
  await page.getByTestId('run-button').click()
  await expect(page.getByTestId('budget-meter')).toContainText('of 100.0k tok')
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 45_000 })
  await expect(page.getByTestId('budget-meter')).toHaveText('budget: 1280 of 100.0k tok')
})

test('Delete a run: a second click confirms; folder and history row are gone', async ({ page }) => {
  await openApp(page, stack.url)
  const job = await runToEnd(page, caseSpec('delete'))
  await openDetail(page, job)
  await page.getByTestId('action-delete').click()
  await expect(page.getByTestId('action-delete')).toHaveText('Click again to delete')
  expect(existsSync(join(stack.runsDir, job))).toBe(true)
  await page.getByTestId('action-delete').click()
  await expect(page.getByTestId('history-table')).toBeVisible()
  await expect(page.locator(`[data-testid="history-row"][data-job="${job}"]`)).toHaveCount(0)
  expect(existsSync(join(stack.runsDir, job))).toBe(false)
})

/** Export from the run's detail: the browser downloads the zip; returns the saved file's bytes. */
async function downloadBundle(page: Page, job: string): Promise<Buffer> {
  const download = page.waitForEvent('download')
  await page.getByTestId('action-export').click()
  const file = await download
  expect(file.suggestedFilename()).toBe(`${job}.zip`)
  await expect(page.getByTestId('export-done')).toContainText(`Downloading ${job}.zip`)
  const path = await file.path()
  const zip = readFileSync(path)
  expect(zip.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004')
  expect(zip.includes('bundle.json')).toBe(true)
  // The bundle went to the browser, not to a folder on the server.
  expect(existsSync(join(stack.runsDir, 'exports'))).toBe(false)
  return zip
}

async function deleteRun(page: Page, job: string): Promise<void> {
  await page.getByTestId('action-delete').click()
  await page.getByTestId('action-delete').click()
  await expect(page.locator(`[data-testid="history-row"][data-job="${job}"]`)).toHaveCount(0)
}

test('Export downloads the run as a .zip; delete it, and import it back by dropping the .zip on the window', async ({ page }) => {
  await openApp(page, stack.url)
  const job = await runToEnd(page, caseSpec('export import'))
  await openDetail(page, job)
  const zip = await downloadBundle(page, job)
  await deleteRun(page, job)

  await page.evaluate(
    ({ base64, name }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
      const transfer = new DataTransfer()
      transfer.items.add(new File([bytes], name, { type: 'application/zip' }))
      const target = document.querySelector('[data-testid="app"]') ?? document.body
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }))
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
    },
    { base64: zip.toString('base64'), name: `${job}.zip` },
  )
  await expect(page.getByTestId('import-banner')).toContainText(`Imported ${job}.zip as ${job}`)
  await expect(page.getByTestId('run-detail')).toHaveAttribute('data-job', job)
  await expect(page.getByTestId('run-detail-status')).toHaveText('succeeded')
  await expect(page.getByTestId('detail-graph').getByTestId('node-qa')).toHaveAttribute('data-status', 'succeeded')
})

test('A bundle over 6 MB downloads and imports back through Import bundle…, streamed both ways', async ({ page }) => {
  await openApp(page, stack.url)
  const job = await runToEnd(page, caseSpec('big bundle'))
  // 9 MB that zip cannot shrink, as a run's check artifacts can be.
  writeFileSync(join(stack.runsDir, job, 'artifacts', 'check-output.bin'), randomBytes(9 * 1024 * 1024))
  await openDetail(page, job)
  const zip = await downloadBundle(page, job)
  expect(zip.length).toBeGreaterThan(9 * 1024 * 1024)
  await deleteRun(page, job)

  const saved = join(stack.runsDir, '..', `${job}.zip`)
  writeFileSync(saved, zip)
  await page.getByTestId('history-import-file').setInputFiles(saved)
  await expect(page.getByTestId('import-banner')).toContainText(`Imported ${job}.zip as ${job}`)
  await expect(page.getByTestId('run-detail')).toHaveAttribute('data-job', job)
  await expect(page.getByTestId('run-detail-status')).toHaveText('succeeded')
  expect(readFileSync(join(stack.runsDir, job, 'artifacts', 'check-output.bin')).length).toBe(9 * 1024 * 1024)
})
