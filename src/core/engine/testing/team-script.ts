/**
 * A scripted software team for the fake Ollama server: recognises the built-in agents from their
 * system prompts and answers like a capable model (write_file calls, then a short summary).
 * The docs agent behaves like a small local model and pastes its file in prose instead.
 */
import type { FakeChatBody, FakeReply } from '../../providers/ollama/testing/fake-ollama-server'
import type { FakeScenario } from '../../providers/testing/contract-types'

export const TEAM_FILES: Record<string, Record<string, string>> = {
  architect: { 'DESIGN.md': '# Design\n' },
  builder: { 'main.py': 'print("app")\n', 'requirements.txt': 'fastapi\n' },
  docs: { 'README.md': '# Notes API\n' },
  qa: { 'tests/test_main.py': 'def test_ok():\n    assert True\n', 'QA_REPORT.md': '# QA\n' },
}

/** The files a run of the tiny spec with this team leaves in outputs/, sorted as a manifest lists them. */
export const TEAM_OUTPUTS = ['DESIGN.md', 'QA_REPORT.md', 'README.md', 'main.py', 'requirements.txt', 'tests/test_main.py']

const MARKS: Record<string, string> = { architect: 'the architect', builder: 'the builder', docs: 'technical writer', qa: 'qa engineer' }

export function teamRoleOf(system: string): string {
  const lower = system.toLowerCase()
  return Object.keys(MARKS).find((role) => lower.includes(MARKS[role] ?? '?')) ?? 'unknown'
}

export function teamScript(body: FakeChatBody): FakeReply {
  const role = teamRoleOf(body.messages.find((m) => m.role === 'system')?.content ?? '')
  if (body.messages.some((m) => m.role === 'tool')) return { text: [`${role} `, 'finished'], delayMs: 5 }
  if (role === 'docs') {
    return { text: ['Here is the README:\n\n', '```markdown README.md\n# Notes API\n```\n'], delayMs: 40 }
  }
  return {
    text: ['Writing files.'],
    toolCalls: Object.entries(TEAM_FILES[role] ?? {}).map(([path, content]) => ({ name: 'write_file', arguments: { path, content } })),
    usage: { promptTokens: 100, completionTokens: 20 },
    delayMs: role === 'builder' ? 40 : 5,
  }
}

/**
 * The same team for the scenario-playing fakes (OpenAI, Anthropic): one write_file call per turn
 * until the role's files are written, then a short summary; the docs agent answers in prose.
 * `system` is the request's system prompt, `toolResults` how many tool results it already holds.
 */
export function teamScenario(system: string, toolResults: number): FakeScenario {
  const role = teamRoleOf(system)
  if (role === 'docs' && toolResults === 0) {
    return { kind: 'text', deltas: ['Here is the README:\n\n', '```markdown README.md\n# Notes API\n```\n'] }
  }
  const files = Object.entries(TEAM_FILES[role] ?? {})
  const next = files[toolResults]
  if (!next) return { kind: 'text', deltas: [`${role} `, 'finished'] }
  const [path, content] = next
  return { kind: 'tool_call', text: 'Writing files.', name: 'write_file', argumentsJson: JSON.stringify({ path, content }), chunks: 3 }
}
