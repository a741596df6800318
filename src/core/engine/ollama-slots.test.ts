/**
 * The scheduler's Ollama limit follows the Ollama serving the run: with no OLLAMA_NUM_PARALLEL an
 * Ollama we did not start serves one request at a time (its default), so of the tiny spec's
 * fan-out (architect → builder, docs) the second step reports step.waiting once and starts only
 * after the first finished; with OLLAMA_NUM_PARALLEL=2 both run at once and nothing waits; a model
 * whose architecture Ollama runs one request at a time (qwen35) waits whatever OLLAMA_NUM_PARALLEL says.
 * Real engine and `ollama` package against the fake Ollama server.
 */
import { describe, expect, it } from 'vitest'
import type { RunEvent } from '../../shared/run-event'
import { describeEvent } from '../../shared/event-text'
import { startFakeOllama, type FakeOllama } from '../providers/ollama/testing/fake-ollama-server'
import { teamScript } from './testing/team-script'
import { runJob } from './run-job'
import { makeFixture, readEventsStrict, readManifest, type EngineFixture } from './testing/engine-fixture'
import { exampleSpec, serverForTest } from '../testing/run-fixture'

const TINY = exampleSpec('tiny_spec')
let fixture: EngineFixture | undefined
let server: FakeOllama | undefined

async function runTiny(env: Record<string, string>, architectures?: Record<string, string>): Promise<RunEvent[]> {
  fixture = makeFixture(TINY)
  server = await serverForTest(startFakeOllama(teamScript, { architectures }))
  const result = await runJob({
    spec: fixture.specPath,
    runsDir: fixture.runsDir,
    env: { OLLAMA_HOST: server.url, PROVIDER: 'ollama', ...env },
  })
  expect(result.status).toBe('succeeded')
  expect(Object.values(readManifest(result.runDir).steps).every((s) => s.status === 'succeeded')).toBe(true)
  return readEventsStrict(result.runDir)
}

const at = (events: RunEvent[], type: RunEvent['type'], step: string): number =>
  events.findIndex((e) => e.type === type && 'step' in e && e.step === step)

describe('Ollama slots', () => {
  it('with Ollama’s default of one request at a time, the second ready step waits for a slot, once, and runs after the first', async () => {
    const events = await runTiny({})
    const waiting = events.filter((e): e is Extract<RunEvent, { type: 'step.waiting' }> => e.type === 'step.waiting')
    expect(waiting).toHaveLength(1)
    const [wait] = waiting
    expect(wait).toMatchObject({ reason: 'provider_slot', provider: 'ollama', limit: 1 })
    const waiter = wait?.step ?? ''
    expect(['builder', 'docs']).toContain(waiter)
    const first = waiter === 'builder' ? 'docs' : 'builder'
    expect(at(events, 'step.waiting', waiter)).toBeGreaterThan(at(events, 'step.succeeded', 'architect'))
    expect(at(events, 'step.started', waiter)).toBeGreaterThan(at(events, 'step.succeeded', first))
    expect(wait && describeEvent(wait)).toMatch(
      new RegExp(`^${waiter} waiting for an Ollama slot \\(1 at a time; set OLLAMA_NUM_PARALLEL=\\d+ for ollama serve to raise\\)$`),
    )
  })

  it('with OLLAMA_NUM_PARALLEL=2 the fan-out runs at once and no step waits', async () => {
    const events = await runTiny({ OLLAMA_NUM_PARALLEL: '2' })
    expect(events.some((e) => e.type === 'step.waiting')).toBe(false)
    expect(at(events, 'step.started', 'docs')).toBeLessThan(at(events, 'step.succeeded', 'builder'))
    expect(at(events, 'step.started', 'builder')).toBeLessThan(at(events, 'step.succeeded', 'docs'))
  })

  it('runs a model whose architecture Ollama loads with one slot one step at a time, whatever OLLAMA_NUM_PARALLEL says, and says why', async () => {
    const events = await runTiny({ OLLAMA_NUM_PARALLEL: '4' }, { 'qwen3.5': 'qwen35' })
    const notices = events.flatMap((e) => (e.type === 'job.notice' ? [e.message] : []))
    expect(notices.some((n) => n.includes('qwen3.5 (architecture qwen35) takes one request at a time in Ollama'))).toBe(true)
    const waiting = events.filter((e) => e.type === 'step.waiting')
    expect(waiting).toHaveLength(1)
    expect(waiting[0] && describeEvent(waiting[0])).toMatch(
      /waiting for an Ollama slot \(1 at a time; qwen3\.5 \(architecture qwen35\) takes one request/,
    )
  })
})
