/**
 * The budget cap end to end through runJob with a priced scripted model: a run whose cap is too
 * small stops with `budget_exceeded` naming what was spent and the cap, keeps what finished, and
 * a rerun with a higher cap continues from the cache (finished steps cost nothing) to success; a
 * stream that crosses a token cap is cut off, and what it used is counted; a dollar cap over an unpriced model is refused
 * before anything is created.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resumeJob } from '../engine/resume-job'
import { runJob } from '../engine/run-job'
import { makeFixture, readEventsStrict, readManifest, stepOf, type EngineFixture } from '../engine/testing/engine-fixture'
import { createScriptedProvider, hasToolResults, writeFiles, type Script } from '../engine/testing/scripted-provider'

let fixture: EngineFixture

const CHAIN = `project: chain
task: build a thing
provider: scripted
options: { max_tokens: 40 }
defaults: { timeout_s: 5, retries: 0, max_turns: 3 }
agents:
  writer: { role: Writer, system: You write files., tools: [write_file], must_write_files: true }
steps:
  - { id: a, agent: writer, prompt: "step a: design" }
  - { id: b, agent: writer, prompt: "step b: build", needs: [a] }
  - { id: c, agent: writer, prompt: "step c: test", needs: [b] }
`

/** Every answer reports 200+ completion tokens, so a step costs more than one call's worst case. */
const script: Script = (request) => {
  const step = stepOf(request)
  if (hasToolResults(request)) return { text: ['y'.repeat(200)] }
  return writeFiles({ [`${step}.txt`]: `${step}\n` }, 'z'.repeat(200))
}

/** $1 per 1,000 tokens, in and out: a step costs about $0.42, one call's worst case about $0.2. */
function pricedEnv(): NodeJS.ProcessEnv {
  const path = join(fixture.dir, 'prices.json')
  writeFileSync(
    path,
    JSON.stringify({ as_of: '2026-12-01', models: { 'scripted/default': { input_per_mtok: 1000, output_per_mtok: 1000 } } }),
  )
  return { ORCHESTRATOR_PRICES: path }
}

async function run(spec: string, extra: Partial<Parameters<typeof runJob>[0]>, s: Script = script) {
  writeFileSync(fixture.specPath, spec)
  const provider = createScriptedProvider(s)
  const result = await runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, providers: { scripted: provider }, ...extra })
  return { result, provider }
}

describe('budget cap', () => {
  it('stops at --max-usd with budget_exceeded, keeps finished steps, and a higher cap continues past it', async () => {
    fixture = makeFixture()
    const env = pricedEnv()
    const free = await run(CHAIN, { env, noCache: true })
    const fullCost = free.result.manifest.cost_usd ?? 0
    expect(fullCost).toBeGreaterThan(0)

    const capped = await run(CHAIN, { env, budget: { max_usd: fullCost * 0.6 } })
    expect(capped.result.status).toBe('failed')
    const m = readManifest(capped.result.runDir)
    expect(m.budget).toEqual({ max_usd: fullCost * 0.6 })
    expect(m.steps.a?.status).toBe('succeeded')
    const failure = m.failures.at(-1)
    expect(failure?.kind).toBe('budget_exceeded')
    expect(failure?.message).toMatch(/budget exceeded \(run\): spent \$[0-9.]+ of the \$[0-9.]+ cap/)
    expect(m.cost_usd ?? Infinity).toBeLessThanOrEqual(fullCost * 0.6)
    expect(existsSync(join(capped.result.runDir, 'outputs', 'a.txt'))).toBe(true)
    const stopped = Object.entries(m.steps)
      .filter(([, s]) => s.status !== 'succeeded')
      .map(([id]) => id)
    expect(stopped.length).toBeGreaterThan(0)

    const resumed = await run(CHAIN, { env, budget: { max_usd: fullCost * 3 } })
    expect(resumed.result.status).toBe('succeeded')
    const r = readManifest(resumed.result.runDir)
    expect(r.steps.a?.provider_calls).toBe(0)
    expect(r.steps.a?.cache_hit).toBe(true)
    for (const id of stopped) expect(r.steps[id]?.provider_calls).toBeGreaterThan(0)
  })

  it('resume in place with a higher --max-usd continues the same job past the cap', async () => {
    fixture = makeFixture()
    const env = pricedEnv()
    const full = (await run(CHAIN, { env, noCache: true })).result.manifest.cost_usd ?? 0
    const capped = await run(CHAIN, { env, noCache: true, budget: { max_usd: full * 0.6 } })
    expect(capped.result.status).toBe('failed')
    expect(readManifest(capped.result.runDir).failures.at(-1)?.kind).toBe('budget_exceeded')
    const provider = createScriptedProvider(script)
    const again = await resumeJob(fixture.runsDir, capped.result.jobId, {
      env,
      providers: { scripted: provider },
      budget: { max_usd: full * 0.9 },
    })
    expect(again.status).toBe('failed')
    expect(readManifest(again.runDir).failures.at(-1)?.message).toMatch(/spent \$[0-9.]+ of the \$[0-9.]+ cap/)
    const done = await resumeJob(fixture.runsDir, capped.result.jobId, {
      env,
      providers: { scripted: provider },
      budget: { max_usd: full * 3 },
    })
    expect(done.status).toBe('succeeded')
    expect(done.jobId).toBe(capped.result.jobId)
    const m = readManifest(done.runDir)
    expect(m.budget).toEqual({ max_usd: full * 3 })
    expect(m.completed_steps.sort()).toEqual(['a', 'b', 'c'])
  })

  it('cuts off a stream that crosses a step token cap', async () => {
    fixture = makeFixture()
    const spec = CHAIN.replace('prompt: "step a: design" }', 'prompt: "step a: design", budget: { max_tokens: 400 } }')
    const chatty: Script = () => ({ text: Array.from({ length: 50 }, () => 'x'.repeat(100)) })
    const { result } = await run(spec, { env: {} }, chatty)
    expect(result.status).toBe('failed')
    const m = readManifest(result.runDir)
    expect(m.steps.a?.error?.kind).toBe('budget_exceeded')
    expect(m.steps.a?.error?.message).toMatch(/step 'a'.*was stopped/)
    expect(m.steps.b?.status).toBe('skipped')
    const tokens = readEventsStrict(result.runDir).filter((e) => e.type === 'step.token')
    expect(tokens.length).toBeLessThan(50)
  })

  it('counts what a stream cut off by the cap used, in the run’s cost and in what a resumed run has spent', async () => {
    fixture = makeFixture()
    const env = pricedEnv()
    const chatty: Script = () => ({ text: Array.from({ length: 50 }, () => 'x'.repeat(100)) })
    const { result } = await run(CHAIN, { env, noCache: true, budget: { max_usd: 0.5 } }, chatty)
    expect(result.status).toBe('failed')
    const m = readManifest(result.runDir)
    expect(m.steps.a?.error?.message).toMatch(/was stopped/)
    const stopped = readEventsStrict(result.runDir).filter((e) => e.type === 'llm.response' && e.stop_reason === 'budget_exceeded')
    expect(stopped).toHaveLength(1)
    expect(m.cost_usd ?? 0).toBeGreaterThan(0.4)
    expect(m.steps.a?.cost_usd).toBe(m.cost_usd)
    expect(m.usage.completion_tokens).toBeGreaterThan(300)

    const again = await resumeJob(fixture.runsDir, result.jobId, {
      env,
      providers: { scripted: createScriptedProvider(chatty) },
      budget: { max_usd: 0.6 },
    })
    expect(again.status).toBe('failed')
    expect(readManifest(again.runDir).failures.at(-1)?.message).toMatch(/spent \$0\.5\d of the \$0\.60 cap; the next model call could cost/)
  })

  it('refuses a dollar cap over a model without a price, but accepts a token cap', async () => {
    fixture = makeFixture()
    await expect(run(CHAIN, { env: {}, budget: { max_usd: 1 } })).rejects.toMatchObject({
      kind: 'bad_input',
      message: /cap in tokens instead.*no price known for scripted\/default/,
    })
    const runs = existsSync(fixture.runsDir) ? readdirSync(fixture.runsDir).filter((n) => n.startsWith('job_')) : []
    expect(runs).toEqual([])
    const { result } = await run(CHAIN, { env: {}, budget: { max_tokens: 100_000 } })
    expect(result.status).toBe('succeeded')
  })
})
