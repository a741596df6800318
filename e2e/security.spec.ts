/**
 * Security of the browser mode. A web page cannot be stopped from calling `window.open` by the
 * page itself, so what is meaningful here: (1) the served CSP forbids inline/eval scripts and
 * connections to other origins, framing is denied and COOP severs openers; (2) the app itself
 * never calls `window.open`, opens no page and stays on its origin while every view is used, and
 * renders no off-origin link (spec and output text render as text); (3) a fetch to another origin
 * is refused by the CSP (a `securitypolicyviolation` for connect-src); (4) the API and the event
 * socket reject requests without the token (401) and from another Origin (403). A browser tab
 * cannot forbid a user's own navigation; that guard exists in the Electron shell (will-navigate).
 */
import { expect, test } from '@playwright/test'
import { openApp } from './support/app-page'
import { startStack, type Stack } from './support/stack'
import { teamScript } from './support/team-script'

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack(teamScript())
})
test.afterAll(async () => {
  await stack?.close()
})

test('the page is served with a strict CSP and no framing', async ({ request }) => {
  const res = await request.get(`${stack.origin}/`)
  expect(res.status()).toBe(200)
  const csp = res.headers()['content-security-policy'] ?? ''
  expect(csp).toContain("script-src 'self'")
  expect(csp).not.toContain('unsafe-eval')
  expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\*/)
  expect(res.headers()['x-frame-options']).toBe('DENY')
  expect(res.headers()['cross-origin-opener-policy']).toBe('same-origin')
})

test('the token leaves the address bar, and the app has no off-origin links', async ({ page }) => {
  await openApp(page, stack.url)
  expect(page.url()).not.toContain('token')
  const offOrigin = await page
    .locator('a[href]')
    .evaluateAll((as, origin) => as.map((a) => (a as HTMLAnchorElement).href).filter((h) => !h.startsWith(origin)), stack.origin)
  expect(offOrigin).toEqual([])
})

test('the app opens no windows and never leaves its origin; CSP refuses connections to other origins', async ({ page, context }) => {
  await page.addInitScript(() => {
    const calls: string[] = []
    ;(window as unknown as { __openCalls: string[] }).__openCalls = calls
    window.open = (url?: string | URL) => {
      calls.push(String(url))
      return null
    }
  })
  const newPages: string[] = []
  context.on('page', (p) => newPages.push(p.url()))
  await openApp(page, stack.url)
  for (const view of ['history', 'outputs', 'settings', 'graph']) await page.getByTestId(`nav-${view}`).click()
  await page.getByTestId('example-select').selectOption({ index: 1 })
  await expect(page.locator('.react-flow__node').first()).toBeVisible()
  expect(await page.evaluate(() => (window as unknown as { __openCalls: string[] }).__openCalls)).toEqual([])
  expect(newPages).toEqual([])
  expect(page.url().startsWith(stack.origin)).toBe(true)

  const violation = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve(`${e.effectiveDirective} ${e.blockedURI}`), { once: true })
        fetch('http://example.invalid/steal').catch(() => undefined)
      }),
  )
  expect(violation).toMatch(/^connect-src http:\/\/example\.invalid/)
})

test('an API call without the token is rejected with 401, a foreign Origin with 403', async ({ request }) => {
  const noToken = await request.post(`${stack.origin}/api/invoke/runs.list`, { data: {} })
  expect(noToken.status()).toBe(401)
  const wrongToken = await request.post(`${stack.origin}/api/invoke/runs.list`, { data: {}, headers: { authorization: 'Bearer nope' } })
  expect(wrongToken.status()).toBe(401)
  const foreign = await request.post(`${stack.origin}/api/invoke/runs.list`, {
    data: {},
    headers: { authorization: `Bearer ${stack.token}`, origin: 'http://evil.example' },
  })
  expect(foreign.status()).toBe(403)
  const ok = await request.post(`${stack.origin}/api/invoke/runs.list`, { data: {}, headers: { authorization: `Bearer ${stack.token}` } })
  expect(ok.status()).toBe(200)
  expect(((await ok.json()) as { ok: boolean }).ok).toBe(true)
})

test('the event socket refuses a connection without the token', async ({ page }) => {
  await openApp(page, stack.url)
  const outcome = await page.evaluate(
    (origin) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`${origin.replace('http', 'ws')}/api/events`)
        ws.onopen = () => resolve('open')
        ws.onerror = () => resolve('refused')
      }),
    stack.origin,
  )
  expect(outcome).toBe('refused')
})
