/**
 * The seed's tiny spec end to end through the MLX adapter against fake-mlx-server.py, a Python
 * http.server built like mlx_lm.server: strict Content-Length, HTTP/1.0 replies that end by
 * closing, keepalive comments while the prompt is processed, reasoning deltas, whole tool calls
 * beside text. The reasoning shows up as step.thinking and never in a file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startFakeMlx, type FakeMlxServer, type MlxReply, type MlxScript } from '../providers/mlx/testing/fake-mlx-server'
import { MLX_DEFAULT_MAX_TOKENS } from '../providers/mlx/mlx-provider'
import { TEAM_FILES, TEAM_OUTPUTS } from './testing/team-script'
import { runJob } from './run-job'
import { makeFixture, readEventsStrict, readManifest, type EngineFixture } from './testing/engine-fixture'
import { exampleSpec, serverForTest } from '../testing/run-fixture'

const TINY = exampleSpec('tiny_spec')
const MODEL = 'mlx-community/Qwen3-Coder-30B-A3B-Instruct-4bit'
const SECRET_THOUGHT = 'private chain of thought 7c1e'

const writes = (role: string): MlxReply => ({
  keepalive: { total: 2048, step: 1024, delay_ms: 5 },
  tokens: [
    { reasoning: `${SECRET_THOUGHT}: plan the files. ` },
    {
      text: 'Writing files.',
      tool_calls: Object.entries(TEAM_FILES[role] ?? {}).map(([path, content]) => ({ name: 'write_file', arguments: { path, content } })),
    },
  ],
  prompt_tokens: 120,
})

const TEAM: MlxScript = {
  models: [MODEL],
  max_tokens: 512,
  replies: [{ tokens: [{ text: 'unexpected request' }] }],
  routes: [
    { system_contains: '', after_tool_result: true, reply: { tokens: [{ text: 'finished' }] } },
    { system_contains: 'the architect', reply: writes('architect') },
    { system_contains: 'the builder', reply: writes('builder') },
    { system_contains: 'qa engineer', reply: writes('qa') },
    {
      system_contains: 'technical writer',
      reply: {
        tokens: [{ reasoning: SECRET_THOUGHT }, { text: 'Here is the README:\n\n' }, { text: '```markdown README.md\n# Notes API\n```\n' }],
      },
    },
  ],
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

let fixture: EngineFixture
let server: FakeMlxServer | undefined

describe('tiny spec through the MLX adapter against a server built like mlx_lm.server', () => {
  it('runs the built-in graph end to end, thinking shown but never written, and reruns with zero calls', async () => {
    fixture = makeFixture(TINY)
    server = await serverForTest(startFakeMlx(TEAM))
    const env = { PROVIDER: 'mlx', MLX_BASE_URL: server.url, MLX_MODEL: MODEL }
    const first = await runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, env })
    expect(first.status).toBe('succeeded')
    const manifest = readManifest(first.runDir)
    expect(Object.values(manifest.steps).every((s) => s.provider === 'mlx' && s.model === MODEL)).toBe(true)
    expect(manifest.files.map((f) => f.path).sort()).toEqual(TEAM_OUTPUTS)

    const requests = server.requests()
    expect(requests.length).toBeGreaterThanOrEqual(7)
    expect(requests.every((r) => r.outcome === 'done' && r.max_tokens === MLX_DEFAULT_MAX_TOKENS)).toBe(true)
    expect(requests.every((r) => r.headers['transfer-encoding'] === undefined)).toBe(true)

    const events = readEventsStrict(first.runDir)
    expect(events.some((e) => e.type === 'step.thinking' && e.text.includes(SECRET_THOUGHT))).toBe(true)
    for (const path of [...filesUnder(join(first.runDir, 'outputs')), ...filesUnder(join(first.runDir, 'artifacts'))]) {
      expect(readFileSync(path, 'utf8')).not.toContain(SECRET_THOUGHT)
    }

    const calls = requests.length
    const second = await runJob({ spec: fixture.specPath, runsDir: fixture.runsDir, env })
    expect(second.status).toBe('succeeded')
    expect(server.requests().length).toBe(calls)
  })
})
