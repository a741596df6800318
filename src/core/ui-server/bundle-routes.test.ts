import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppFixture, TINY_SPEC, type AppFixture } from '../app/testing/app-fixture'
import { startUiServer, type UiServer } from './ui-server'
import { httpRequest, type HttpReply, type HttpRequest } from './testing/http-request'

let fx: AppFixture
let server: UiServer
let jobId: string
const MAX_UPLOAD = 512 * 1024

const http = (options: HttpRequest): Promise<HttpReply> => httpRequest(server.port, options)

const auth = (): Record<string, string> => ({ authorization: `Bearer ${server.token}` })
const json = (reply: HttpReply): { ok: boolean; data?: Record<string, unknown>; error?: { kind: string; message: string } } =>
  JSON.parse(reply.body.toString('utf8')) as never

function exportTicket(id: string): Promise<HttpReply> {
  return http({
    method: 'POST',
    path: '/api/bundles/export',
    headers: { ...auth(), 'content-type': 'application/json' },
    body: JSON.stringify({ jobId: id }),
  })
}

function upload(bytes: Buffer, name = 'bundle.zip', headers: Record<string, string> = {}): Promise<HttpReply> {
  return http({
    method: 'POST',
    path: `/api/bundles/import?name=${encodeURIComponent(name)}`,
    headers: { ...auth(), 'content-type': 'application/zip', ...headers },
    body: bytes,
  })
}

const bundleTemps = (): string[] => readdirSync(fx.runsDir).filter((n) => n.startsWith('.ui-bundle-'))

beforeAll(async () => {
  fx = createAppFixture()
  const rendererDir = join(mkdtempSync(join(tmpdir(), 'uo-renderer-')), 'renderer')
  mkdirSync(rendererDir, { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>UO</title>')
  server = await startUiServer({ port: 0, rendererDir, runsDir: fx.runsDir, service: fx.service, maxUploadBytes: MAX_UPLOAD })
  const started = await fx.invoke('runs.start', { text: TINY_SPEC, fileName: 'tiny_spec.yaml', provider: 'demo' })
  jobId = started.jobId
  await fx.service.waitForRun(jobId)
})

afterAll(async () => {
  await server.close()
  await fx.close()
})

describe('bundle download and upload in browser mode', () => {
  it('exports to a one-time download link that streams the zip as an attachment, then imports it back', async () => {
    const ticket = await exportTicket(jobId)
    const answer = json(ticket)
    expect(answer).toMatchObject({ ok: true, data: { fileName: `${jobId}.zip` } })
    const url = String(answer.data?.url)
    const zip = await http({ path: url })
    expect(zip.status).toBe(200)
    expect(zip.headers['content-type']).toBe('application/zip')
    expect(zip.headers['content-disposition']).toBe(`attachment; filename="${jobId}.zip"`)
    expect(zip.headers['content-length']).toBe(String(answer.data?.zipBytes))
    expect(zip.body.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004')
    // Nothing is left on the server: not in exports/, not in a temp folder.
    expect(existsSync(join(fx.runsDir, 'exports'))).toBe(false)
    await expect.poll(() => bundleTemps()).toEqual([])
    expect((await http({ path: url })).status).toBe(404)

    await fx.invoke('runs.delete', { jobId })
    const imported = json(await upload(zip.body, `${jobId}.zip`))
    expect(imported).toEqual({ ok: true, data: { jobId, originalJobId: jobId } })
    expect((await fx.invoke('runs.get', { jobId })).manifest.status).toBe('succeeded')
    expect(bundleTemps()).toEqual([])
  })

  it('refuses a bundle over the limit with 413 naming the limit and the CLI, declared or streamed', async () => {
    const big = randomBytes(MAX_UPLOAD + 1)
    const declared = await upload(big)
    expect(declared.status).toBe(413)
    expect(json(declared).error?.message).toBe(
      'bundle.zip is over the 512.0 KB the app accepts; import it with `orchestrator import <file>`',
    )
    expect(json(declared).error?.message).toContain('orchestrator import')
    const chunked = await http({
      method: 'POST',
      path: '/api/bundles/import?name=big.zip',
      headers: { ...auth(), 'content-type': 'application/zip', 'transfer-encoding': 'chunked' },
      body: [big.subarray(0, MAX_UPLOAD / 2), big.subarray(MAX_UPLOAD / 2)],
    })
    expect(chunked.status).toBe(413)
    expect(json(chunked).error?.message).toContain('big.zip is over the')
    expect(bundleTemps()).toEqual([])
  })

  it('answers bad requests with typed errors and needs the token for export and import', async () => {
    expect(json(await upload(Buffer.from('not a zip'), 'x.zip'))).toMatchObject({ ok: false, error: { kind: 'bad_input' } })
    expect((await upload(Buffer.from('x'), 'x.txt')).status).toBe(400)
    expect((await upload(Buffer.from('x'), 'x.zip', { 'content-type': 'application/json' })).status).toBe(415)
    expect(json(await exportTicket('job_000000000000'))).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('refresh the history') as unknown },
    })
    const noToken = await http({
      method: 'POST',
      path: '/api/bundles/export',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jobId }),
    })
    expect(noToken.status).toBe(401)
    const foreign = await upload(Buffer.from('x'), 'x.zip', { origin: 'http://evil.example' })
    expect(foreign.status).toBe(403)
    expect((await http({ path: '/api/bundles/download/made-up' })).status).toBe(404)
    rmSync(join(fx.runsDir, 'exports'), { recursive: true, force: true })
    expect(bundleTemps()).toEqual([])
  })
})
