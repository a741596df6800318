/**
 * The cache knows which server answered: the same spec and model against two different Ollama
 * servers never share an answer, a second run against the same server is free, and a replay (which
 * has no server) still finds every answer — including entries written before keys named the server.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startFakeOllama, type FakeOllama } from '../providers/ollama/testing/fake-ollama-server'
import { endpointIdentity } from '../providers/endpoint-identity'
import { canonicalJson } from '../run/canonical-json'
import { sha256Hex } from '../sha256'
import { teamScript as script } from './testing/team-script'
import { runJob } from './run-job'
import { replayJob } from './replay-job'
import { makeFixture, readManifest, type EngineFixture } from './testing/engine-fixture'
import { exampleSpec, serverForTest } from '../testing/run-fixture'

const TINY = exampleSpec('tiny_spec')
let fixture: EngineFixture
const serve = (): Promise<FakeOllama> => serverForTest(startFakeOllama(script))

/** Rewrites a run folder's cache as it was before keys named the endpoint (key = replay key). */
function toLegacyCache(runDir: string): number {
  const dir = join(runDir, '.cache')
  let rewritten = 0
  for (const name of readdirSync(dir)) {
    const file = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { entry: Record<string, unknown> }
    const { endpoint: _endpoint, replay_key, ...rest } = file.entry
    if (typeof replay_key !== 'string') continue
    const entry = { ...rest, key: replay_key }
    writeFileSync(join(dir, `${replay_key}.json`), `${JSON.stringify({ format: 1, sha256: sha256Hex(canonicalJson(entry)), entry })}\n`)
    if (`${replay_key}.json` !== name) writeFileSync(join(dir, name), 'gone')
    rewritten++
  }
  return rewritten
}

describe('cache keys name the endpoint', () => {
  it('normalizes spellings of one server and keeps different servers apart', () => {
    expect(endpointIdentity('http://LOCALHOST:11434/')).toBe(endpointIdentity('http://127.0.0.1:11434'))
    expect(endpointIdentity('https://api.openai.com:443/v1/')).toBe('https://api.openai.com/v1')
    expect(endpointIdentity('http://127.0.0.1:11434')).not.toBe(endpointIdentity('http://127.0.0.1:11435'))
    expect(endpointIdentity('http://10.0.0.2:8080/v1')).not.toBe(endpointIdentity('http://10.0.0.3:8080/v1'))
  })

  it('the same model on two servers never shares entries; replay finds them without a server, old keys too', async () => {
    fixture = makeFixture(TINY)
    const a = await serve()
    const b = await serve()
    const first = await runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, env: { OLLAMA_HOST: a.url, PROVIDER: 'ollama' } })
    expect(first.status).toBe('succeeded')
    const callsA = a.requests.length
    expect(callsA).toBeGreaterThan(0)

    const again = await runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, env: { OLLAMA_HOST: a.url, PROVIDER: 'ollama' } })
    expect(again.status).toBe('succeeded')
    expect(a.requests.length).toBe(callsA)

    const other = await runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, env: { OLLAMA_HOST: b.url, PROVIDER: 'ollama' } })
    expect(other.status).toBe('succeeded')
    expect(b.requests.length).toBe(callsA)
    expect(a.requests.length).toBe(callsA)

    const replay = await replayJob({ runDir: first.runDir, runsDir: fixture.runsDir })
    expect(replay.status).toBe('succeeded')
    expect(
      readManifest(replay.runDir)
        .files.map((f) => f.sha256)
        .sort(),
    ).toEqual(
      readManifest(first.runDir)
        .files.map((f) => f.sha256)
        .sort(),
    )

    expect(toLegacyCache(other.runDir)).toBeGreaterThan(0)
    const legacy = await replayJob({ runDir: other.runDir, runsDir: fixture.runsDir })
    expect(legacy.status).toBe('succeeded')
    expect(a.requests.length + b.requests.length).toBe(2 * callsA)
  })
})
