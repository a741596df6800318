/**
 * Weight of the production renderer as the browser-mode server sends it: the JavaScript the first
 * page load needs (the entry script and its modulepreloads) is at most 400 KB gzip, the views are
 * separate chunks (graph, history, editor, …), text assets go out brotli/gzip-compressed, and hashed assets are cached
 * immutably. Prints the sizes and the page-interactive time (navigation start → the graph view
 * ready for a drop), cold and warm; no timing is asserted.
 */
import { request } from 'node:http'
import { expect, test } from '@playwright/test'
import { startStack, type Stack } from './support/stack'
import { teamScript } from './support/team-script'

let stack: Stack
test.beforeAll(async () => {
  stack = await startStack(teamScript())
})
test.afterAll(async () => {
  await stack?.close()
})

interface Fetched {
  status: number
  headers: Record<string, string | string[] | undefined>
  bytes: number
  text: string
}

function get(path: string, acceptEncoding: string): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: stack.port, path, headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const body = Buffer.concat(chunks)
        resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: body.length, text: body.toString('utf8') })
      })
    })
    req.on('error', reject)
    req.end()
  })
}

const KB = 1024

test('initial JS ≤ 400 KB gzip, views split, assets compressed and immutable', async () => {
  const html = await get('/', 'identity')
  expect(html.headers['cache-control']).toBe('no-store')
  const initial = [...html.text.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\.?(\/assets\/[^"]+\.js)"/g)].map(
    (m) => m[1] ?? '',
  )
  expect(initial.length).toBeGreaterThan(0)
  let gzipTotal = 0
  let rawTotal = 0
  for (const path of initial) {
    const gz = await get(path, 'gzip')
    const raw = await get(path, 'identity')
    expect(gz.status, path).toBe(200)
    expect(gz.headers['content-encoding'], path).toBe('gzip')
    expect(gz.headers['cache-control'], path).toBe('public, max-age=31536000, immutable')
    expect((await get(path, 'gzip, deflate, br')).headers['content-encoding'], path).toBe('br')
    // Minified: long lines, no indentation (the unminified bundle had ~30 characters per line).
    expect(raw.bytes / raw.text.split('\n').length, `${path} is minified`).toBeGreaterThan(1000)
    gzipTotal += gz.bytes
    rawTotal += raw.bytes
  }
  console.log(
    `[weight] initial JS: ${initial.length} files, ${(rawTotal / KB).toFixed(1)} KB minified, ${(gzipTotal / KB).toFixed(1)} KB gzip`,
  )
  expect(gzipTotal).toBeLessThanOrEqual(400 * KB)
  const entry = await get(initial[0] ?? '', 'identity')
  for (const view of ['graph-view', 'history-view', 'editor-view', 'settings-view', 'outputs-browser'])
    expect(entry.text, `${view} is a chunk of its own`).toMatch(new RegExp(`\\./${view}-[A-Za-z0-9_-]+\\.js`))
})

test('page-interactive time, cold and warm (printed, not asserted)', async ({ page }) => {
  await page.addInitScript(() => {
    const mark = (): void => {
      if (document.querySelector('[data-app-state="ready"] [data-testid="empty-graph"]')) {
        ;(window as unknown as { __interactiveMs?: number }).__interactiveMs ??= performance.now()
        observer.disconnect()
      }
    }
    const observer = new MutationObserver(mark)
    observer.observe(document, { subtree: true, childList: true, attributes: true })
  })
  const measure = async (): Promise<number> => {
    await expect(page.getByTestId('empty-graph')).toBeVisible()
    return page.evaluate(() => {
      const w = window as unknown as { __interactiveMs?: number }
      return w.__interactiveMs ?? Number.NaN
    })
  }
  await page.goto(stack.url)
  const cold = await measure()
  await page.reload()
  const warm = await measure()
  console.log(`[weight] page interactive: cold ${cold.toFixed(0)} ms, warm ${warm.toFixed(0)} ms (navigation start → graph view ready)`)
  expect(Number.isFinite(cold) && Number.isFinite(warm)).toBe(true)
})
