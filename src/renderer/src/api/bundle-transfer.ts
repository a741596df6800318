/**
 * Run bundles in and out of browser mode through the browser itself (the ui-server's
 * `/api/bundles/*` routes): `download` asks the server to pack the run, then follows its one-time
 * link with an `<a download>`, so the browser streams the zip to the user's Downloads; `upload`
 * streams the dropped or picked File as the request body (never read whole into JavaScript).
 * `bundleTransfer()` is null in Electron, which keeps `runs.export` / `runs.import` over IPC.
 */
import { UiCallError } from './call'
import { sessionToken } from './browser-client'

export interface BundleTransfer {
  download(jobId: string): Promise<{ fileName: string; zipBytes: number }>
  upload(file: File): Promise<{ jobId: string; originalJobId: string }>
}

type Answer<T> = { ok: true; data: T } | { ok: false; error: { kind: string; message: string } }

type Channel = 'runs.export' | 'runs.import'

async function answer<T>(res: Response, channel: Channel): Promise<T> {
  let body: Answer<T>
  try {
    body = (await res.json()) as Answer<T>
  } catch {
    throw new UiCallError('protocol', `unexpected answer from the server (HTTP ${res.status})`, channel)
  }
  if (body.ok) return body.data
  throw new UiCallError(body.error.kind, body.error.message, channel)
}

async function send(path: string, init: RequestInit, channel: Channel): Promise<Response> {
  try {
    return await fetch(path, { ...init, headers: { ...init.headers, authorization: `Bearer ${sessionToken()}` } })
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err)
    throw new UiCallError('network', `cannot reach the orchestrator server (${detail}); is \`orchestrator ui\` still running?`, channel)
  }
}

const browserTransfer: BundleTransfer = {
  async download(jobId) {
    const res = await send(
      '/api/bundles/export',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jobId }),
      },
      'runs.export',
    )
    const ticket = await answer<{ url: string; fileName: string; zipBytes: number }>(res, 'runs.export')
    const link = document.createElement('a')
    link.href = ticket.url
    link.download = ticket.fileName
    link.hidden = true
    document.body.append(link)
    link.click()
    link.remove()
    return { fileName: ticket.fileName, zipBytes: ticket.zipBytes }
  },
  async upload(file) {
    const res = await send(
      `/api/bundles/import?name=${encodeURIComponent(file.name)}`,
      { method: 'POST', headers: { 'content-type': 'application/zip' }, body: file },
      'runs.import',
    )
    return answer<{ jobId: string; originalJobId: string }>(res, 'runs.import')
  },
}

export function bundleTransfer(): BundleTransfer | null {
  return window.api ? null : browserTransfer
}
