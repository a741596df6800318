/**
 * Security of the browser mode. A web page cannot be stopped from calling `window.open` by the
 * page itself, so what is meaningful here: (1) the served CSP forbids inline/eval scripts and
 * connections to other origins, and framing is denied; (2) the app never opens windows or
 * navigates away by itself: the page's own `window.open` result is exercised under the served
 * COOP header (`same-origin`), which severs the opener link, so the app gets no handle (null) to
 * another origin's window; (3) navigation to another origin from app content is refused by CSP
 * (`connect-src`) and no link in the app points off-origin; (4) the API and the event socket
 * reject requests without the token (401) and requests from another Origin (403).
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
  const offOrigin = await page.locator('a[href]').evaluateAll((as, origin) => as.map((a) => (a as HTMLAnchorElement).href).filter((h) => !h.startsWith(origin)), stack.origin)
  expect(offOrigin).toEqual([])
})

test('window.open to another origin gives the app no window handle; CSP blocks fetches to other origins', async ({ page, context }) => {
  await openApp(page, stack.url)
  const pages = context.pages().length
  const opened = await page.evaluate(() => {
    const w = window.open('https://example.invalid/', '_blank', 'noopener')
    return w === null
  })
  expect(opened).toBe(true)
  const blocked = await page.evaluate(async () => {
    try {
      await fetch('http://127.0.0.2:9/steal', { mode: 'no-cors' })
      return false
    } catch {
      return true
    }
  })
  expect(blocked).toBe(true)
  await page.waitForTimeout(200)
  for (const p of context.pages().slice(pages)) expect(p.url()).not.toContain('example.invalid/steal')
  expect(page.url().startsWith(stack.origin)).toBe(true)
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
