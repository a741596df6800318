/**
 * The engine fixture's diamond (a → (b, c) → d) served by the fake Ollama server: every step
 * writes `<step>.txt` with a write_file call, then answers "<step> done". `failing` steps get
 * HTTP 400 (not retryable), as a real Ollama answers a request it refuses.
 */
import type { FakeChatBody, FakeReply } from '../../providers/ollama/testing/fake-ollama-server'
import { DIAMOND_SPEC } from './engine-fixture'

export const OLLAMA_DIAMOND_SPEC = DIAMOND_SPEC.replace('provider: scripted', 'provider: ollama\nmodel: qwen3.5')

/** Which diamond step a request is for ('a'…'d'), from its first user message. */
export function diamondStep(body: FakeChatBody): string {
  const user = body.messages.find((m) => m.role === 'user')
  return /^step (\w+):/.exec(user?.content ?? '')?.[1] ?? '?'
}

export function diamondScript(failing: ReadonlySet<string> = new Set()) {
  return (body: FakeChatBody): FakeReply => {
    const step = diamondStep(body)
    if (failing.has(step)) return { status: 400, error: `step ${step} refused` }
    if (body.messages.some((m) => m.role === 'tool')) return { text: [`${step} done`], usage: { promptTokens: 50, completionTokens: 5 } }
    return {
      text: ['Writing.'],
      toolCalls: [{ name: 'write_file', arguments: { path: `${step}.txt`, content: `made by ${step}\n` } }],
      usage: { promptTokens: 100, completionTokens: 20 },
    }
  }
}
