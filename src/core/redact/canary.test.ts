/**
 * A key never reaches the run folder: whole runs with canary keys in the env, a model that
 * echoes them (streamed tokens, final answers, error messages of retried and failed steps), then
 * every byte under the runs dir (events, manifest, logs, artifacts, inputs, cache, SQLite and its
 * WAL) is searched for the canaries. Files the model writes with tools are the user's project
 * and are written as asked (the script writes none with a key); model output that echoes a key
 * IS redacted everywhere we record it.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ProviderError } from '../errors'
import { runJob } from '../engine/run-job'
import { createScriptedProvider, hasToolResults, writeFiles, type Script } from '../engine/testing/scripted-provider'
import { DIAMOND_SPEC, makeFixture, readEventsStrict, readManifest, stepOf, type EngineFixture } from '../engine/testing/engine-fixture'
import { HistoryDb } from '../history/history-db'

// The engine tests' diamond, served by (a scripted stand-in named) openai.
const SPEC = DIAMOND_SPEC.replace('provider: scripted', 'provider: openai\nmodel: gpt-4o-mini')

const openaiKey = `sk-canary-${randomBytes(12).toString('hex')}`
const anthropicKey = `ant-canary-${randomBytes(12).toString('hex')}`
const env = { OPENAI_API_KEY: openaiKey, ANTHROPIC_API_KEY: anthropicKey }
const retry = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, jitter: 0 }

let fixture: EngineFixture
const seen: string[] = []
afterEach(() => {
  seen.length = 0
})

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
}

function leaks(dir: string): string[] {
  const found: string[] = []
  for (const path of allFiles(dir)) {
    const bytes = readFileSync(path)
    for (const key of [openaiKey, anthropicKey]) {
      if (bytes.includes(Buffer.from(key, 'utf8')) || bytes.includes(Buffer.from(key, 'utf16le')))
        found.push(`${path} contains ${key.slice(0, 10)}…`)
    }
  }
  return found
}

async function run(script: Script, noCache = false) {
  const provider = createScriptedProvider(script, { name: 'openai' })
  return runJob({
    spec: fixture.specPath,
    runsDir: fixture.runsDir,
    providers: { openai: provider },
    env,
    retryPolicy: retry,
    noCache,
    onEvent: (event) => seen.push(JSON.stringify(event)),
  })
}

describe('key canary', () => {
  it('leaves no trace of the keys anywhere under the runs folder', async () => {
    fixture = makeFixture(SPEC)
    const failedOnce = new Set<string>()
    const echoing: Script = (request) => {
      const step = stepOf(request)
      if (step === 'a' && !failedOnce.has(step)) {
        failedOnce.add(step)
        throw new ProviderError({
          kind: 'server',
          retryable: true,
          status: 500,
          message: `HTTP 500: upstream rejected Authorization: Bearer ${openaiKey}`,
        })
      }
      if (hasToolResults(request)) return { text: [`${step} done; by the way your key is `, anthropicKey] }
      return { ...writeFiles({ [`${step}.txt`]: `content of ${step}\n` }, `echo ${openaiKey} then write`) }
    }
    const first = await run(echoing)
    expect(first.status).toBe('succeeded')

    const replay = await run(echoing)
    expect(replay.status).toBe('succeeded')

    const failing: Script = (request) => {
      if (stepOf(request) === 'a') {
        throw new ProviderError({
          kind: 'auth',
          retryable: false,
          status: 401,
          message: `invalid key ${anthropicKey} (also tried ${openaiKey})`,
        })
      }
      return writeFiles({ 'x.txt': 'x\n' })
    }
    const failed = await run(failing, true)
    expect(failed.status).toBe('failed')

    // The echoes really happened and were recorded, redacted.
    const events = readEventsStrict(first.runDir)
    expect(events.some((e) => e.type === 'step.retry' && e.error.message.includes('[REDACTED]'))).toBe(true)
    expect(events.some((e) => e.type === 'step.token' && e.text.includes('[REDACTED]'))).toBe(true)
    expect(readFileSync(join(first.runDir, 'artifacts', 'b.md'), 'utf8')).toContain('[REDACTED]')
    expect(readFileSync(join(first.runDir, 'outputs', 'b.txt'), 'utf8')).toBe('content of b\n')
    expect(readManifest(failed.runDir).failures[0]?.message).toContain('[REDACTED]')
    const db = HistoryDb.open(fixture.runsDir)
    try {
      expect(db.getRun(failed.jobId)?.steps.find((s) => s.step_id === 'a')?.error_message).toContain('invalid key [REDACTED]')
    } finally {
      db.close()
    }

    expect(leaks(fixture.dir)).toEqual([])
    expect(seen.filter((line) => line.includes(openaiKey) || line.includes(anthropicKey))).toEqual([])
  })

  it('prices a cloud run and shows a replay as saved tokens and dollars', async () => {
    fixture = makeFixture(SPEC)
    const script: Script = (request) => (hasToolResults(request) ? { text: ['done'] } : writeFiles({ [`${stepOf(request)}.txt`]: 'x\n' }))
    const live = readManifest((await run(script)).runDir)
    expect(live.cost_usd).toBeGreaterThan(0)
    expect(live.steps.a?.cost_usd).toBeGreaterThan(0)
    expect(live.saved_tokens).toBe(0)
    const cached = readManifest((await run(script)).runDir)
    expect(cached.cost_usd).toBe(0)
    expect(cached.usage).toEqual({ prompt_tokens: 0, completion_tokens: 0 })
    expect(cached.saved_tokens).toBe(live.usage.prompt_tokens + live.usage.completion_tokens)
    expect(cached.saved_usd).toBeCloseTo(live.cost_usd ?? -1, 9)
  })
})
