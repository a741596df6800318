import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { INVOKE_CHANNELS } from '../../shared/ipc'
import type { RunEvent } from '../../shared/run-event'
import { createAppFixture, TINY_SPEC, type AppFixture } from '../app/testing/app-fixture'
import { startFakeOllama } from '../providers/ollama/testing/fake-ollama-server'
import { startUiServer, type UiServer } from './ui-server'
import { httpRequest, type HttpReply, type HttpRequest } from './testing/http-request'

type Reply = Omit<HttpReply, 'body'> & { body: string }

let fx: AppFixture
let server: UiServer
let rendererDir: string

async function http(options: HttpRequest & { body?: string }): Promise<Reply> {
  const reply = await httpRequest(server.port, options)
  return { ...reply, body: reply.body.toString('utf8') }
}

const httpRaw = (path: string, acceptEncoding: string): Promise<HttpReply> =>
  httpRequest(server.port, { path, headers: { 'accept-encoding': acceptEncoding } })

function invoke(channel: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return http({
    method: 'POST',
    path: `/api/invoke/${channel}`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}`, ...headers },
    body: JSON.stringify(body),
  })
}

async function data<T = Record<string, unknown>>(channel: string, body: unknown): Promise<T> {
  const reply = await invoke(channel, body)
  const parsed = JSON.parse(reply.body) as { ok: boolean; data: T; error?: unknown }
  if (!parsed.ok) throw new Error(`${channel}: ${JSON.stringify(parsed.error)}`)
  return parsed.data
}

function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers })
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.on('open', () => {
      ws.close()
      resolve(101)
    })
    ws.on('error', () => undefined)
  })
}

beforeAll(async () => {
  fx = createAppFixture()
  rendererDir = join(mkdtempSync(join(tmpdir(), 'uo-renderer-')), 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>UO</title><script type="module" src="/assets/app.js"></script>')
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(rendererDir, 'assets', 'graph-D4x9Kq1z.js'), 'export const graph = "nodes and edges";\n'.repeat(500))
  writeFileSync(join(rendererDir, '..', 'secret.txt'), 'secret')
  server = await startUiServer({ port: 0, rendererDir, runsDir: fx.runsDir, service: fx.service })
})

afterAll(async () => {
  await server.close()
  await fx.close()
})

describe('ui server: static files', () => {
  it('prints a URL with the token in the fragment only', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`)
    expect(Buffer.from(server.token, 'base64url')).toHaveLength(32)
  })

  it('serves index.html with the security headers and no caching', async () => {
    const reply = await http({ path: '/' })
    expect(reply.status).toBe(200)
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(reply.headers['cache-control']).toBe('no-store')
    expect(reply.headers['content-security-policy']).toContain("script-src 'self';")
    expect(reply.headers['x-frame-options']).toBe('DENY')
    expect(reply.headers['x-content-type-options']).toBe('nosniff')
    expect(reply.headers['referrer-policy']).toBe('no-referrer')
    expect((await http({ path: '/history/job_0123456789ab' })).body).toContain('<title>UO</title>')
  })

  it('serves assets with their content type and nothing outside the folder', async () => {
    const js = await http({ path: '/assets/app.js' })
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/missing.js', '/%00.js']) {
      const reply = await http({ path })
      expect(reply.status, path).toBe(404)
      expect(reply.body).not.toContain('secret')
    }
  })

  it('sends hashed assets compressed and cached immutably, decoded to the same bytes', async () => {
    const plain = await http({ path: '/assets/graph-D4x9Kq1z.js' })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    const raw = await httpRaw('/assets/graph-D4x9Kq1z.js', 'gzip, br')
    expect(raw.headers['content-encoding']).toBe('br')
    expect(raw.headers.vary).toBe('Accept-Encoding')
    expect(Number(raw.headers['content-length'])).toBe(raw.body.length)
    expect(raw.body.length).toBeLessThan(Buffer.byteLength(plain.body) / 10)
    expect(brotliDecompressSync(raw.body).toString('utf8')).toBe(plain.body)
    expect((await http({ path: '/assets/app.js' })).headers['cache-control']).toBe('no-cache')
  })

  it("serves the build's precompressed sibling when it is at least as new as the file, else compresses itself", async () => {
    const text = 'export const view = "history";\n'.repeat(400)
    const file = join(rendererDir, 'assets', 'view-Ab12Cd34.js')
    writeFileSync(file, text)
    const built = brotliCompressSync(Buffer.from(text), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
    writeFileSync(`${file}.br`, built)
    const fresh = await httpRaw('/assets/view-Ab12Cd34.js', 'br')
    expect(fresh.headers['content-encoding']).toBe('br')
    expect(fresh.body.equals(built)).toBe(true)
    // A sibling older than the file (the file was replaced after the build) is not trusted.
    utimesSync(`${file}.br`, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000))
    const stale = await httpRaw('/assets/view-Ab12Cd34.js', 'br')
    expect(stale.body.equals(built)).toBe(false)
    expect(brotliDecompressSync(stale.body).toString('utf8')).toBe(text)
  })

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await http({ path: '/', headers: { host: 'evil.example:80' } })).status).toBe(403)
    expect((await invoke('app.info', {}, { host: `rebind.evil:${server.port}` })).status).toBe(403)
    expect((await http({ path: '/', headers: { host: `localhost:${server.port}` } })).status).toBe(200)
  })
})

describe('ui server: API', () => {
  it('requires the token (401)', async () => {
    expect((await invoke('app.info', {}, { authorization: '' })).status).toBe(401)
    expect((await invoke('app.info', {}, { authorization: 'Bearer wrong' })).status).toBe(401)
    expect((await invoke('app.info', {}, { authorization: server.token })).status).toBe(401)
  })

  it('rejects other origins and accepts its own', async () => {
    expect((await invoke('app.info', {}, { origin: 'https://evil.example' })).status).toBe(403)
    expect((await invoke('app.info', {}, { origin: 'null' })).status).toBe(403)
    expect((await invoke('app.info', {}, { origin: `http://127.0.0.1:${server.port + 1}` })).status).toBe(403)
    expect((await invoke('app.info', {}, { origin: server.origin })).status).toBe(200)
  })

  it('rejects non-JSON bodies and wrong methods', async () => {
    expect((await invoke('app.info', {}, { 'content-type': 'text/plain' })).status).toBe(415)
    expect((await http({ method: 'GET', path: '/api/invoke/app.info', headers: { authorization: `Bearer ${server.token}` } })).status).toBe(
      405,
    )
    const bad = await http({
      method: 'POST',
      path: '/api/invoke/app.info',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
      body: '{',
    })
    expect(bad.status).toBe(400)
  })

  it('validates requests with the contract: unknown channel, jobId traversal, extra fields', async () => {
    expect(JSON.parse((await invoke('fs.read', {})).body)).toMatchObject({ ok: false, error: { kind: 'bad_input' } })
    expect(JSON.parse((await invoke('runs.get', { jobId: '../../x' })).body)).toMatchObject({ ok: false, error: { kind: 'bad_input' } })
    expect(JSON.parse((await invoke('app.info', { extra: true })).body)).toMatchObject({ ok: false })
  })

  it('runs a demo job: events stream over the WebSocket until job.succeeded, then every channel answers (model pulls too)', async () => {
    const origin = server.origin
    expect(await upgradeStatus(`ws://127.0.0.1:${server.port}/api/events`)).toBe(401)
    expect(await upgradeStatus(`ws://127.0.0.1:${server.port}/api/events?token=nope`)).toBe(401)
    expect(await upgradeStatus(`ws://127.0.0.1:${server.port}/api/events?token=${server.token}`, { Origin: 'https://evil.example' })).toBe(
      403,
    )

    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${server.token}`, { headers: { Origin: origin } })
    await new Promise((resolve, reject) => {
      ws.once('open', resolve)
      ws.once('error', reject)
    })
    const events: RunEvent[] = []
    const pulls: { model: string; done: boolean }[] = []
    let pulled: () => void = () => undefined
    const pullDone = new Promise<void>((resolve) => (pulled = resolve))
    const finished = new Promise<void>((resolve) => {
      ws.on('message', (raw: Buffer) => {
        const frame = JSON.parse(raw.toString('utf8')) as (
          { channel: 'run.event'; payload: RunEvent } | { channel: 'local.pull'; payload: { model: string; done: boolean } }
        )[]
        expect(Array.isArray(frame)).toBe(true)
        for (const message of frame) {
          if (message.channel === 'local.pull') {
            pulls.push(message.payload)
            if (message.payload.done) pulled()
            continue
          }
          expect(message.channel).toBe('run.event')
          events.push(message.payload)
          if (message.payload.type === 'job.succeeded' || message.payload.type === 'job.failed') resolve()
        }
      })
    })
    const seen = new Set<string>()
    const info = await data<{ examples: { name: string }[] }>('app.info', {})
    seen.add('app.info')
    expect(info.examples.map((e) => e.name)).toContain('tiny_spec.yaml')
    await data('examples.read', { name: 'tiny_spec.yaml' })
    seen.add('examples.read')
    expect(await data('graph.validate', { text: TINY_SPEC, fileName: 'tiny_spec.yaml' })).toMatchObject({ ok: true })
    seen.add('graph.validate')
    await data('settings.set', { defaultModel: '' })
    seen.add('settings.set')
    await data('settings.get', {})
    seen.add('settings.get')

    const { jobId } = await data<{ jobId: string }>('runs.start', { text: TINY_SPEC, fileName: 'tiny_spec.yaml', provider: 'demo' })
    seen.add('runs.start')
    await finished
    expect(events[0]?.type).toBe('job.started')
    expect(events.at(-1)?.type).toBe('job.succeeded')
    expect(events.some((e) => e.type === 'step.token')).toBe(true)
    await fx.service.waitForRun(jobId)

    const list = await data<{ runs: { job_id: string }[] }>('runs.list', {})
    seen.add('runs.list')
    expect(list.runs.map((r) => r.job_id)).toContain(jobId)
    const got = await data<{ manifest: { files: { path: string; sha256: string }[] }; events: RunEvent[] }>('runs.get', { jobId })
    seen.add('runs.get')
    expect(got.events.length).toBe(events.length)
    const tree = await data<{ files: { path: string }[] }>('outputs.tree', { jobId })
    seen.add('outputs.tree')
    const file = got.manifest.files[0]
    expect(tree.files.map((f) => f.path)).toContain(file?.path)
    const read = await data<{ sha256: string }>('outputs.read', { jobId, path: file?.path })
    seen.add('outputs.read')
    expect(read.sha256).toBe(file?.sha256)
    for (const path of ['../../etc/passwd', '/etc/passwd']) {
      expect(JSON.parse((await invoke('outputs.read', { jobId, path })).body)).toMatchObject({ ok: false, error: { kind: 'bad_input' } })
    }
    expect(await data('outputs.reveal', { jobId })).toMatchObject({ revealed: false })
    seen.add('outputs.reveal')
    await data('runs.log', { jobId, step: 'qa' })
    seen.add('runs.log')
    expect(await data('runs.cancel', { jobId })).toEqual({ cancelled: false })
    seen.add('runs.cancel')
    const inputs = await data<{ files: { path: string }[] }>('runs.folder', { jobId, folder: 'inputs' })
    seen.add('runs.folder')
    expect(inputs.files.map((f) => f.path)).toContain('spec.yaml')
    expect(await data('runs.file', { jobId, folder: 'inputs', path: 'spec.yaml' })).toMatchObject({ content: TINY_SPEC })
    seen.add('runs.file')
    await data('specs.save', { name: 'edited.yaml', text: TINY_SPEC })
    seen.add('specs.save')
    expect(await data('specs.list', {})).toMatchObject({ specs: [{ name: 'edited.yaml' }] })
    seen.add('specs.list')
    expect(await data('specs.read', { name: 'edited.yaml' })).toEqual({ name: 'edited.yaml', text: TINY_SPEC })
    seen.add('specs.read')
    expect(await data('runs.spec', { jobId })).toMatchObject({ text: TINY_SPEC })
    seen.add('runs.spec')
    expect(await data('runs.refused', {})).toEqual({ refusals: [] })
    seen.add('runs.refused')
    const replayed = await data<{ jobId: string }>('runs.replay', { jobId })
    seen.add('runs.replay')
    await fx.service.waitForRun(replayed.jobId)
    expect(await data('runs.compare', { a: jobId, b: replayed.jobId })).toBeDefined()
    seen.add('runs.compare')
    const rerun = await data<{ jobId: string }>('runs.rerun', { jobId })
    seen.add('runs.rerun')
    await fx.service.waitForRun(rerun.jobId)
    expect(await data('runs.estimate', { text: TINY_SPEC, fileName: 'tiny_spec.yaml' })).toBeDefined()
    seen.add('runs.estimate')
    expect(await data('runs.delete', { jobId: rerun.jobId })).toEqual({ deleted: [rerun.jobId] })
    seen.add('runs.delete')
    expect(await data('runs.export', { jobId })).toMatchObject({ jobId })
    seen.add('runs.export')
    const notZip = JSON.parse((await invoke('runs.import', { fileName: 'x.zip', dataBase64: 'bm90IGEgemlw' })).body) as { ok: boolean }
    expect(notZip.ok).toBe(false)
    seen.add('runs.import')
    // A finished run has nothing to resume, approve or reject: each answers with a typed refusal.
    for (const [channel, body] of [
      ['runs.resume', { jobId }],
      ['runs.approve', { jobId, step: 'qa' }],
      ['runs.reject', { jobId, step: 'qa' }],
    ] as const) {
      const reply = JSON.parse((await invoke(channel, body)).body) as { ok: boolean; error?: { kind: string; message: string } }
      expect(reply.ok, channel).toBe(false)
      expect(reply.error?.kind, channel).not.toBe('internal')
      expect(reply.error?.message.length, channel).toBeGreaterThan(10)
      seen.add(channel)
    }

    const ollama = await startFakeOllama(() => ({ text: ['x'] }), { version: '0.9.0', models: [], pull: { steps: 3 } })
    try {
      await data('settings.set', { ollamaHost: ollama.url })
      expect(await data('local.status', {})).toMatchObject({ ollama: { host: ollama.url, reachable: true, version: '0.9.0', models: [] } })
      seen.add('local.status')
      expect(await data('local.pull', { model: 'llama3.2:1b' })).toEqual({ started: true })
      seen.add('local.pull')
      await pullDone
      expect(pulls.at(-1)).toMatchObject({ model: 'llama3.2:1b', done: true, status: 'success' })
      expect(await data('providers.models', { provider: 'ollama' })).toEqual({ provider: 'ollama', models: ['llama3.2:1b'] })
      seen.add('providers.models')
      expect(await data('providers.test', { provider: 'demo' })).toMatchObject({ ok: true, model: 'demo' })
      seen.add('providers.test')
    } finally {
      ws.close()
      await ollama.close()
    }
    expect([...seen].sort()).toEqual(INVOKE_CHANNELS)
  })
})
