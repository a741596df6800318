/**
 * One source of truth per view, in real Chromium against the real core: a spec loaded after a run
 * replaces it (a broken one shows only its problems); a spec dropped during a run opens beside it
 * and the run keeps its own title and statuses; a never-started step of a cancelled run is "Not
 * started" with no time; a fully cached rerun is marked cached with the tokens it saved; a failed
 * run's History row says why; History's detail of a running job follows it live; a run refused
 * at preflight is recorded with its reason.
 */
import { expect, test, type Page } from '@playwright/test'
import { dropSpec, node, NOTES_SPEC, openApp, TEAM } from './support/app-page'
import { startStack, type Stack } from './support/stack'
import { FAST_PACE, teamScript, VISIBLE_PACE, type TeamPace } from './support/team-script'

test.describe.configure({ mode: 'serial' })

const FAST = FAST_PACE
/** Read by the script at every request, so each test sets the pace it needs. */
const pace: TeamPace = { ...FAST }
let failBuilder = false

let stack: Stack
test.beforeAll(async () => {
  const team = teamScript(pace)
  stack = await startStack((body) =>
    failBuilder && /Builder/.test(body.messages.find((m) => m.role === 'system')?.content ?? '')
      ? { status: 400, error: 'the model refused this prompt' }
      : team(body),
  )
})
test.afterAll(async () => {
  await stack?.close()
})
test.beforeEach(() => {
  Object.assign(pace, FAST)
  failBuilder = false
})

const OTHER_SPEC = NOTES_SPEC.replace(/^project: .*$/m, 'project: other-app')
const BROKEN_SPEC = 'project: broken\ntask: build it\nsteps:\n  - id: a\n    agent: nobody\n    prompt: hi\n    needs: [missing]\n'

/** The notes spec with its own task, so its model requests miss the cache of other tests. */
function caseSpec(name: string, project = 'notes-api'): string {
  return NOTES_SPEC.replace(/^project: .*$/m, `project: ${project}`).replace(
    'Build a small notes REST API',
    `Build a small notes REST API (${name})`,
  )
}

async function runNotes(page: Page, spec: string): Promise<void> {
  await dropSpec(page, spec, 'notes_api.yaml')
  await expect(page.locator('.react-flow__node')).toHaveCount(4)
  await page.getByTestId('provider-select').selectOption('ollama')
  await page.getByTestId('run-button').click()
}

test('after a run, a broken spec shows only its problems: no old nodes, no old status', async ({ page }) => {
  await openApp(page, stack.url)
  await runNotes(page, caseSpec('broken after run'))
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded')
  await dropSpec(page, BROKEN_SPEC, 'broken.yaml')
  await expect(page.getByTestId('spec-issue').first()).toContainText(/broken\.yaml:\d+:\d+/)
  await expect(page.locator('.react-flow__node')).toHaveCount(0)
  await expect(page.getByTestId('run-status')).toHaveCount(0)
  await expect(page.getByTestId('graph-title')).toHaveCount(0)
  await expect(page.locator('[data-status="succeeded"]')).toHaveCount(0)

  await dropSpec(page, OTHER_SPEC, 'other.yaml')
  await expect(page.getByTestId('graph-title')).toContainText('other-app')
  for (const id of TEAM) await expect(node(page, id)).toHaveAttribute('data-status', 'pending')
})

test('a spec dropped during a run opens beside it; the run keeps its title and live statuses', async ({ page }) => {
  Object.assign(pace, { ...VISIBLE_PACE, builder: { deltas: 120, delayMs: 40 }, docs: { deltas: 120, delayMs: 40 } })
  await openApp(page, stack.url)
  await runNotes(page, caseSpec('dropped during run'))
  await expect(node(page, 'builder')).toHaveAttribute('data-status', 'running')

  await dropSpec(page, OTHER_SPEC, 'other.yaml')
  await expect(page.getByTestId('graph-view')).toHaveAttribute('data-shown', 'spec')
  await expect(page.getByTestId('graph-title')).toContainText('other-app')
  for (const id of TEAM) await expect(node(page, id)).toHaveAttribute('data-status', 'pending')
  await expect(page.getByTestId('graph-tab-run')).toContainText('running')
  await page.screenshot({ path: 'test-results/graph-beside-run.png' })

  await page.getByTestId('graph-tab-run').click()
  await expect(page.getByTestId('graph-view')).toHaveAttribute('data-shown', 'run')
  await expect(page.getByTestId('graph-title')).toContainText('notes-api')
  await expect(page.getByTestId('graph-title')).not.toContainText('other-app')
  await expect(node(page, 'architect')).toHaveAttribute('data-status', 'succeeded')
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded', { timeout: 45_000 })
  for (const id of TEAM) await expect(node(page, id)).toHaveAttribute('data-status', 'succeeded')
  await page.getByTestId('graph-tab-spec').click()
  await expect(page.getByTestId('graph-title')).toContainText('other-app')
})

test('a cancelled run: a step that never started says so and shows no time', async ({ page }) => {
  Object.assign(pace, { ...FAST, builder: { deltas: 600, delayMs: 50 }, docs: { deltas: 600, delayMs: 50 } })
  await openApp(page, stack.url)
  await runNotes(page, caseSpec('cancelled'))
  await expect(page.getByTestId('node-preview-builder')).toContainText('builder-token')
  await page.getByTestId('cancel-button').click()
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'cancelled')
  await expect(node(page, 'builder')).toHaveAttribute('data-status', 'cancelled')
  await expect(node(page, 'qa')).toHaveAttribute('data-status', 'not-started')
  await expect(page.getByTestId('node-status-qa')).toHaveText('Not started')
  await expect(page.getByTestId('node-elapsed-qa')).toHaveText('—')
})

test('a fully cached rerun is marked cached, with the tokens it saved', async ({ page }) => {
  await openApp(page, stack.url)
  await runNotes(page, caseSpec('cached rerun'))
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded')
  const calls = stack.ollama.requests.length
  await page.getByTestId('run-button').click()
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'succeeded')
  for (const id of TEAM) await expect(node(page, id)).toHaveAttribute('data-status', 'cached')
  expect(stack.ollama.requests.length).toBe(calls)
  await expect(page.getByTestId('node-saved-builder')).toContainText(/\d+ tok · \$0 saved/)
  await expect(page.getByTestId('node-status-builder')).toHaveText('Cached')

  await page.getByTestId('nav-history').click()
  const row = page.getByTestId('history-row').first()
  await expect(row.getByTestId('history-saved')).toContainText(/cached: \d+ saved/)
})

test("a failed run's History row says which step failed and why", async ({ page }) => {
  failBuilder = true
  await openApp(page, stack.url)
  await runNotes(page, caseSpec('failing', 'failing-app'))
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'failed')
  await page.getByTestId('nav-history').click()
  const row = page.locator('[data-testid="history-row"][data-status="failed"]').first()
  await expect(row.getByTestId('history-reason')).toContainText('builder:')
  await expect(row.getByTestId('history-reason')).toContainText('refused')
  await page.screenshot({ path: 'test-results/history-reasons.png' })
})

test("History's detail of a running job follows it live to the end", async ({ page }) => {
  Object.assign(pace, { ...VISIBLE_PACE, builder: { deltas: 80, delayMs: 40 }, docs: { deltas: 80, delayMs: 40 } })
  await openApp(page, stack.url)
  await runNotes(page, caseSpec('live detail'))
  await expect(node(page, 'architect')).toHaveAttribute('data-status', 'running')
  await page.getByTestId('nav-history').click()
  await page.locator('[data-testid="history-row"][data-status="running"]').first().click()
  const detail = page.getByTestId('run-detail')
  await expect(detail.getByTestId('run-detail-status')).toHaveText('running')
  const graph = page.getByTestId('detail-graph')
  await expect(graph.getByTestId('node-builder')).toHaveAttribute('data-status', 'running', { timeout: 30_000 })
  await expect(graph.getByTestId('node-preview-builder')).toContainText('builder-token')
  await expect(detail.getByTestId('run-detail-status')).toHaveText('succeeded', { timeout: 45_000 })
  for (const id of TEAM) await expect(graph.getByTestId(`node-${id}`)).toHaveAttribute('data-status', 'succeeded')
})

test('a run refused at preflight is recorded with its reason and shown in History', async ({ page }) => {
  await openApp(page, stack.url)
  await dropSpec(page, caseSpec('refused', 'refused-app'), 'refused.yaml')
  await page.getByTestId('provider-select').selectOption('ollama')
  await page.getByTestId('model-input').fill('missing-model:1b')
  await page.getByTestId('run-button').click()
  await expect(page.getByTestId('run-error')).toContainText('missing-model:1b')
  await page.getByTestId('nav-history').click()
  const refused = page.getByTestId('refused-run').first()
  await expect(refused).toContainText('refused-app')
  await expect(refused).toContainText('refused.yaml')
  await expect(refused).toContainText('missing-model:1b')
  await page.reload()
  await expect(page.getByTestId('refused-run').first()).toContainText('missing-model:1b')
})
