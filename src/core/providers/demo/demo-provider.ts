/**
 * The offline demo provider: no model, canned but real output. It follows the same protocol as
 * a model: turn 1 streams a short sentence, then calls `write_file` once per file of its plan
 * (the step runner executes those calls), then `done` with stopReason 'tool_calls'; once tool
 * results are in the conversation it streams a short summary and stops. Without a write_file
 * tool it answers with the files as named code blocks. Deterministic byte for byte for the same
 * request; usage is estimated as characters / 4. Honours the AbortSignal.
 */
import { abortedError } from '../../errors'
import { planFor, type DemoFile } from './demo-plan'
import type { ChatMessage, ChatRequest, ModelProvider, ProviderChunk, ToolCall } from '../types'

export const DEMO_MODEL = 'demo'
const DEMO_LABEL = 'offline demo (canned output, no model)'

const estimateTokens = (chars: number): number => Math.ceil(chars / 4)

function promptChars(messages: readonly ChatMessage[]): number {
  let chars = 0
  for (const message of messages) {
    chars += message.content.length
    if (message.role === 'assistant' && message.tool_calls) chars += JSON.stringify(message.tool_calls).length
  }
  return chars
}

/** Splits text into word-sized deltas that concatenate back to the original. */
function deltas(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? []
}

function writtenPaths(messages: readonly ChatMessage[]): string[] {
  const paths: string[] = []
  for (const message of messages) {
    if (message.role !== 'assistant' || !message.tool_calls) continue
    for (const call of message.tool_calls) {
      const args = call.arguments
      if (call.name === 'write_file' && args && typeof args === 'object' && 'path' in args && typeof args.path === 'string')
        paths.push(args.path)
    }
  }
  return [...new Set(paths)]
}

function asCodeBlocks(files: readonly DemoFile[]): string {
  return files.map((file) => `\n\n\`\`\`\`text file=${file.path}\n${file.content}\`\`\`\``).join('')
}

async function* demoChat(request: ChatRequest, signal: AbortSignal): AsyncGenerator<ProviderChunk> {
  const check = (): void => {
    if (signal.aborted) throw abortedError()
  }
  check()
  const plan = planFor(request.messages)
  const promptTokens = estimateTokens(promptChars(request.messages))
  const hasToolResults = request.messages.some((m) => m.role === 'tool')
  const canWrite = request.tools.some((tool) => tool.name === 'write_file')

  let text: string
  let calls: ToolCall[] = []
  if (hasToolResults) {
    const paths = writtenPaths(request.messages)
    text = `Done. I wrote ${paths.length > 0 ? paths.join(', ') : 'no files'} for ${plan.project} (offline demo output, no model was called).`
  } else if (canWrite) {
    text = `${plan.intro} (Offline demo: canned output, no model.)`
    calls = plan.files.map((file, i) => ({
      id: `demo_call_${i + 1}`,
      name: 'write_file',
      arguments: { path: file.path, content: file.content },
    }))
  } else {
    text = `${plan.intro} (Offline demo: canned output, no model.)${asCodeBlocks(plan.files)}`
  }

  for (const piece of deltas(text)) {
    await Promise.resolve()
    check()
    yield { type: 'text', text: piece }
  }
  for (const call of calls) {
    check()
    yield { type: 'tool_call', call }
  }
  check()
  const completionChars = text.length + (calls.length > 0 ? JSON.stringify(calls).length : 0)
  yield {
    type: 'done',
    stopReason: calls.length > 0 ? 'tool_calls' : 'stop',
    usage: { promptTokens, completionTokens: estimateTokens(completionChars) },
  }
}

export function createDemoProvider(): ModelProvider {
  return {
    name: 'demo',
    label: DEMO_LABEL,
    offline: true,
    maxConcurrency: 4,
    chat: (request, options) => demoChat(request, options.signal),
    async preflight() {},
    listModels: async () => [DEMO_MODEL],
  }
}
