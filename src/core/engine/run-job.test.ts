/**
 * End-to-end engine behaviour through runJob with a scripted provider: the diamond runs b ‖ c,
 * writes a self-describing run folder whose manifest matches the files, replays from the cache
 * with zero provider calls, and fails, skips, retries and cancels as a user would expect.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ProviderError } from '../errors'
import type { RetryPolicy } from './retry-policy'
import { runJob } from './run-job'
import { createScriptedProvider, hasToolResults, writeFiles, type Script } from './testing/scripted-provider'
import { listTree, makeFixture, readEventsStrict, readManifest, sha256File, stepOf, type EngineFixture } from './testing/engine-fixture'

const FAST_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, jitter: 0 }
let fixture: EngineFixture

const happyScript: Script = (request) => {
  const step = stepOf(request)
  if (hasToolResults(request)) return { text: [`${step} `, 'done'] }
  return { ...writeFiles({ [`${step}.txt`]: `content of ${step}\n` }), delayMs: 20 }
}

async function run(script: Script, extra: Partial<Parameters<typeof runJob>[0]> = {}) {
  const provider = createScriptedProvider(script)
  const result = await runJob({
    spec: fixture.specPath,
    runsDir: fixture.runsDir,
    providers: { scripted: provider },
    env: {},
    retryPolicy: FAST_RETRY,
    ...extra,
  })
  return { result, provider }
}

describe('runJob', () => {
  it('runs the diamond into a run folder whose manifest matches the files on disk', async () => {
    fixture = makeFixture()
    const { result } = await run(happyScript)
    expect(result.status).toBe('succeeded')
    expect(result.jobId).toMatch(/^job_[0-9a-f]{12}$/)
    for (const dir of ['inputs', 'outputs', 'logs', 'artifacts', '.cache']) expect(existsSync(join(result.runDir, dir))).toBe(true)
    const manifest = readManifest(result.runDir)
    expect(manifest.status).toBe('succeeded')
    expect(manifest.files.map((f) => f.path).sort()).toEqual(['a.txt', 'b.txt', 'c.txt', 'd.txt'])
    for (const file of manifest.files) {
      expect(sha256File(join(result.runDir, 'outputs', file.path))).toBe(file.sha256)
    }
    expect(manifest.steps.b?.provider_calls).toBe(2)
    expect(manifest.completed_steps.sort()).toEqual(['a', 'b', 'c', 'd'])
    expect(readFileSync(join(result.runDir, 'logs', 'b.log'), 'utf8')).toContain('step b: build from a done')
    expect(readFileSync(join(result.runDir, 'inputs', 'spec.yaml'), 'utf8')).toContain('project: diamond')
    const events = readEventsStrict(result.runDir)
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i))
    expect(events.at(-1)?.type).toBe('job.succeeded')
  })

  it('runs b and c at the same time and starts d only after both', async () => {
    fixture = makeFixture()
    const { provider } = await run(happyScript)
    const span = (step: string) => {
      const calls = provider.calls.filter((c) => stepOf(c.request) === step)
      return { start: Math.min(...calls.map((c) => c.startedAt)), end: Math.max(...calls.map((c) => c.endedAt ?? 0)) }
    }
    const b = span('b'),
      c = span('c'),
      d = span('d')
    expect(b.start).toBeLessThan(c.end)
    expect(c.start).toBeLessThan(b.end)
    expect(d.start).toBeGreaterThanOrEqual(Math.max(b.end, c.end))
  })

  it('replays a second run from the cache with zero provider calls and identical outputs', async () => {
    fixture = makeFixture()
    const first = await run(happyScript)
    const second = await run(happyScript)
    expect(second.provider.calls).toHaveLength(0)
    const events = readEventsStrict(second.result.runDir)
    expect(events.filter((e) => e.type === 'provider.call')).toHaveLength(0)
    expect(events.filter((e) => e.type === 'cache.hit').length).toBeGreaterThan(0)
    const firstFiles = readManifest(first.result.runDir)
      .files.map((f) => [f.path, f.sha256])
      .sort()
    const secondManifest = readManifest(second.result.runDir)
    expect(secondManifest.files.map((f) => [f.path, f.sha256]).sort()).toEqual(firstFiles)
    expect(Object.values(secondManifest.steps).every((s) => s.cache_hit)).toBe(true)
    // the run folder keeps the cache entries it used
    expect(readdirSync(join(second.result.runDir, '.cache')).length).toBeGreaterThan(0)
  })

  it('bypasses the cache with noCache', async () => {
    fixture = makeFixture()
    await run(happyScript)
    const second = await run(happyScript, { noCache: true })
    expect(second.provider.calls.length).toBe(8)
  })

  it('marks dependents of a failed step skipped while the independent branch finishes', async () => {
    fixture = makeFixture()
    const { result } = await run((request) => {
      if (stepOf(request) === 'b') throw new ProviderError({ kind: 'bad_request', message: 'bad request for b', retryable: false })
      return happyScript(request, 0)
    })
    expect(result.status).toBe('failed')
    const m = readManifest(result.runDir)
    expect(m.steps.b?.status).toBe('failed')
    expect(m.steps.c?.status).toBe('succeeded')
    expect(m.steps.d?.status).toBe('skipped')
    expect(m.failures.map((f) => f.kind)).toContain('bad_request')
  })

  it('retries a retryable error and records the retry', async () => {
    fixture = makeFixture()
    let failedOnce = false
    const { result } = await run((request) => {
      if (stepOf(request) === 'c' && !failedOnce) {
        failedOnce = true
        throw new ProviderError({ kind: 'server', message: '503 from provider', retryable: true, status: 503 })
      }
      return happyScript(request, 0)
    })
    expect(result.status).toBe('succeeded')
    const retries = readEventsStrict(result.runDir).filter((e) => e.type === 'step.retry')
    expect(retries).toHaveLength(1)
    expect(readManifest(result.runDir).steps.c?.attempts).toBe(2)
  })

  it('treats a stream without its end marker as a failure, not success', async () => {
    fixture = makeFixture()
    const { result } = await run((request) => (stepOf(request) === 'a' ? { text: ['partial'], omitDone: true } : happyScript(request, 0)))
    expect(result.status).toBe('failed')
    expect(readManifest(result.runDir).steps.a?.error?.kind).toBe('protocol')
    expect(readManifest(result.runDir).steps.a?.attempts).toBe(3)
  })

  it('rejects a path escape, tells the model, and records a tool_rejected event', async () => {
    fixture = makeFixture()
    const { result, provider } = await run((request) => {
      const step = stepOf(request)
      if (step === 'a' && !hasToolResults(request)) {
        return {
          toolCalls: [
            { id: 'x', name: 'write_file', arguments: { path: '../../escape.txt', content: 'x' } },
            { id: 'y', name: 'write_file', arguments: { path: 'a.txt', content: 'ok' } },
          ],
        }
      }
      return happyScript(request, 0)
    })
    expect(result.status).toBe('succeeded')
    expect(existsSync(join(fixture.runsDir, 'escape.txt'))).toBe(false)
    expect(existsSync(join(result.runDir, 'escape.txt'))).toBe(false)
    expect(readEventsStrict(result.runDir).some((e) => e.type === 'step.tool_rejected')).toBe(true)
    const followUp = provider.calls.find((c) => stepOf(c.request) === 'a' && hasToolResults(c.request))
    expect(followUp?.request.messages.find((m) => m.role === 'tool')?.content).toMatch(/rejected/)
  })

  it('accepts named code blocks in prose, then gives one corrective turn, then fails with no_files_written', async () => {
    fixture = makeFixture()
    const { result } = await run((request) => {
      const step = stepOf(request)
      if (step === 'a') return { text: ['Here is the file:\n\n```python main.py\nprint("hi")\n```\n'] }
      if (step === 'b') return { text: ['I would write some code here.'] }
      return happyScript(request, 0)
    })
    const m = readManifest(result.runDir)
    expect(m.steps.a?.status).toBe('succeeded')
    expect(readFileSync(join(result.runDir, 'outputs', 'main.py'), 'utf8')).toBe('print("hi")\n')
    expect(m.steps.b?.status).toBe('failed')
    expect(m.steps.b?.error?.kind).toBe('no_files_written')
    expect(readEventsStrict(result.runDir).filter((e) => e.type === 'step.corrective_turn' && e.step === 'b')).toHaveLength(1)
  })

  it('cancels in-flight work on abort: status cancelled, no temp files left', async () => {
    fixture = makeFixture()
    const controller = new AbortController()
    const script: Script = (request) => {
      if (stepOf(request) === 'b') setTimeout(() => controller.abort(), 30)
      return { ...happyScript(request, 0), delayMs: stepOf(request) === 'a' ? 1 : 200 }
    }
    const { result } = await run(script, { signal: controller.signal })
    expect(result.status).toBe('cancelled')
    const m = readManifest(result.runDir)
    expect(m.status).toBe('cancelled')
    expect(['cancelled']).toContain(m.steps.b?.status)
    expect(m.steps.d?.status).toBe('cancelled')
    expect(listTree(result.runDir).filter((f) => f.includes('.tmp-'))).toEqual([])
  })

  it('fails a step that exceeds its timeout with a message naming timeout_s', async () => {
    fixture = makeFixture(makeFixtureSpecWithTimeout())
    const { result } = await run((request) => ({ ...happyScript(request, 0), delayMs: stepOf(request) === 'a' ? 3000 : 1 }))
    const a = readManifest(result.runDir).steps.a
    expect(a?.status).toBe('failed')
    expect(a?.error?.kind).toBe('timeout')
    expect(a?.error?.message).toMatch(/timeout_s/)
  })

  it('creates nothing when preflight fails', async () => {
    fixture = makeFixture()
    const provider = createScriptedProvider(happyScript)
    provider.preflight = async () => {
      throw new ProviderError({ kind: 'model_not_found', message: 'model x is not pulled; run `ollama pull x`', retryable: false })
    }
    await expect(
      runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, providers: { scripted: provider }, env: {} }),
    ).rejects.toMatchObject({ kind: 'bad_input' })
    expect(existsSync(fixture.runsDir)).toBe(false)
  })
})

function makeFixtureSpecWithTimeout(): string {
  return `project: slow
task: t
provider: scripted
defaults: { timeout_s: 1, retries: 0 }
agents:
  writer: { role: Writer, system: s, tools: [write_file], must_write_files: true }
steps:
  - { id: a, agent: writer, prompt: "step a: go" }
`
}
