/**
 * The scripted model behind the E2E tests: a FakeScript for the fake Ollama server that plays the
 * software team of examples/notes_api.yaml (and any spec whose agents are told who they are in
 * their system prompt). First turn of a step: streamed text deltas, then write_file calls for the
 * role's files; second turn (after the tool results): a one-line answer. Timing per role is
 * configurable so tests can watch steps run, overlap, or be cancelled mid-stream.
 */
import type { FakeChatBody, FakeReply, FakeScript } from '../../src/core/providers/ollama/testing/fake-ollama-server'

export type Role = 'architect' | 'builder' | 'docs' | 'qa' | 'streamer'

interface RolePace {
  /** Streamed text deltas in the first turn. */
  deltas: number
  /** Pause before each streamed line (ms). */
  delayMs: number
}

export type TeamPace = Record<Role, RolePace>

export const VISIBLE_PACE: TeamPace = {
  architect: { deltas: 12, delayMs: 60 },
  builder: { deltas: 40, delayMs: 60 },
  docs: { deltas: 40, delayMs: 60 },
  qa: { deltas: 12, delayMs: 60 },
  streamer: { deltas: 3000, delayMs: 1 },
}

/** Quick streams for specs that test state and actions rather than the look of streaming. */
export const FAST_PACE: TeamPace = {
  architect: { deltas: 4, delayMs: 5 },
  builder: { deltas: 4, delayMs: 5 },
  docs: { deltas: 4, delayMs: 5 },
  qa: { deltas: 4, delayMs: 5 },
  streamer: { deltas: 4, delayMs: 5 },
}

const FILES: Record<Role, { path: string; content: string }[]> = {
  architect: [
    { path: 'DESIGN.md', content: '# Design\n\n## Stack\nFastAPI, SQLAlchemy, SQLite.\n\n## API endpoints\n- POST /notes\n- GET /notes\n' },
  ],
  builder: [
    {
      path: 'main.py',
      content:
        'from fastapi import FastAPI\n\napp = FastAPI(title="Notes")\n\n\n@app.get("/notes")\ndef list_notes() -> list[dict]:\n    return []  # stored in SQLite\n',
    },
    { path: 'requirements.txt', content: 'fastapi\nuvicorn\nsqlalchemy\npydantic\nhttpx\npytest\n' },
  ],
  docs: [
    {
      path: 'README.md',
      content: '# Notes API\n\n## Quick start\n\n```sh\npip install -r requirements.txt\nuvicorn main:app --reload\n```\n',
    },
  ],
  qa: [
    {
      path: 'tests/test_main.py',
      content:
        'from fastapi.testclient import TestClient\nfrom main import app\n\nclient = TestClient(app)\n\n\ndef test_list():\n    assert client.get("/notes").status_code == 200\n',
    },
    { path: 'QA_REPORT.md', content: '# QA report\n\nVerdict: PASS\n' },
  ],
  streamer: [],
}

export function roleOf(body: FakeChatBody): Role {
  const system = body.messages.find((m) => m.role === 'system')?.content ?? ''
  if (/Architect/.test(system)) return 'architect'
  if (/Builder/.test(system)) return 'builder'
  if (/technical writer/.test(system)) return 'docs'
  if (/QA engineer/.test(system)) return 'qa'
  return 'streamer'
}

function words(role: Role, n: number): string[] {
  const out: string[] = []
  for (let i = 0; i < n; i++) out.push(i % 8 === 7 ? `${role} line ${Math.floor(i / 8) + 1}\n` : `${role}-token-${i} `)
  return out
}

export function teamScript(pace: TeamPace = VISIBLE_PACE): FakeScript {
  return (body): FakeReply => {
    const role = roleOf(body)
    const usage = { promptTokens: 120, completionTokens: 40 }
    if (body.messages.some((m) => m.role === 'tool')) return { text: [`${role} done.`], usage }
    const files = FILES[role]
    return {
      text: words(role, pace[role].deltas),
      delayMs: pace[role].delayMs,
      toolCalls: files.map((f, i) => ({ name: 'write_file', id: `call_${role}_${i}`, arguments: { path: f.path, content: f.content } })),
      usage,
    }
  }
}
