/**
 * Test-only plumbing the fake provider servers share: reading a request body, cutting a text into
 * the pieces a server streams it in, and a pause that ends early once the client has gone (so a
 * stalled scenario never outlives its request).
 */
import type http from 'node:http'

export async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** `text` in at most `parts` pieces of equal length (the last shorter); one empty piece for an empty text. */
export function splitInto(text: string, parts: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / Math.max(1, parts)))
  const out: string[] = []
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size))
  return out.length > 0 ? out : ['']
}

/** Resolves after `ms`, or as soon as `gone()` (checked every 20 ms at most). */
export function sleepUnlessGone(ms: number, gone: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const started = Date.now()
    const tick = (): void => {
      if (gone() || Date.now() - started >= ms) resolve()
      else setTimeout(tick, Math.min(20, ms))
    }
    tick()
  })
}
