/**
 * Two behaviours of the Messages API the fake Anthropic server copies, as Anthropic documents
 * them (prompt caching, extended thinking) and the SDK's types define them (@anthropic-ai/sdk 1.x
 * resources/messages):
 * - Prompt caching: the request is read as tools → system → messages; a `cache_control:
 *   {type:'ephemeral'}` breakpoint makes the prefix up to it cacheable (from 1024 tokens). The
 *   longest earlier-cached prefix ending at a breakpoint or up to 20 blocks before one is
 *   reported as `cache_read_input_tokens`, the rest
 *   up to the last breakpoint as `cache_creation_input_tokens`, the remainder as `input_tokens`.
 * - Thinking with tools: an assistant turn that made a tool call after thinking must come back
 *   starting with that thinking block, its text and `signature` unmodified, or the API answers
 *   400 invalid_request_error.
 */
import { createHash } from 'node:crypto'

const MIN_CACHEABLE_TOKENS = 1024
const LOOKBACK_BLOCKS = 20
const tokens = (chars: number): number => Math.ceil(chars / 4)

type Block = Record<string, unknown>

function isRecord(value: unknown): value is Block {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function blocksOf(content: unknown): Block[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }]
  return Array.isArray(content) ? content.filter(isRecord) : []
}

/** The request as the cache sees it: each unit's text without its cache_control, and whether it is a breakpoint. */
function units(body: Block): { text: string; breakpoint: boolean }[] {
  const out: { text: string; breakpoint: boolean }[] = []
  const push = (block: Block): void => {
    const { cache_control: control, ...rest } = block
    out.push({ text: JSON.stringify(rest), breakpoint: isRecord(control) && control.type === 'ephemeral' })
  }
  for (const tool of Array.isArray(body.tools) ? body.tools.filter(isRecord) : []) push(tool)
  for (const block of blocksOf(body.system)) push(block)
  for (const message of Array.isArray(body.messages) ? body.messages.filter(isRecord) : []) {
    for (const block of blocksOf(message.content)) push({ role: message.role, ...block })
  }
  return out
}

export interface CacheUsage {
  input: number
  cacheRead: number
  cacheWrite: number
}

/** Usage of one request against the server's cache (`cached` holds hashes of cached prefixes; it is updated). */
export function cacheUsage(body: Block, cached: Set<string>): CacheUsage {
  const list = units(body)
  let prefix = ''
  const boundaries: { hash: string; tokens: number; breakpoint: boolean }[] = []
  for (const unit of list) {
    prefix += unit.text
    boundaries.push({ hash: createHash('sha256').update(prefix).digest('hex'), tokens: tokens(prefix.length), breakpoint: unit.breakpoint })
  }
  const total = tokens(prefix.length)
  const cacheable = boundaries.filter((b) => b.breakpoint && b.tokens >= MIN_CACHEABLE_TOKENS)
  // Like the API, a breakpoint also finds a prefix cached at one of the LOOKBACK blocks before it.
  let read = 0
  boundaries.forEach((b, i) => {
    if (!b.breakpoint) return
    for (let j = i; j >= Math.max(0, i - LOOKBACK_BLOCKS); j--) {
      const candidate = boundaries[j]
      if (candidate && candidate.tokens >= MIN_CACHEABLE_TOKENS && cached.has(candidate.hash)) read = Math.max(read, candidate.tokens)
    }
  })
  const last = cacheable.at(-1)
  const write = last && !cached.has(last.hash) ? last.tokens - read : 0
  for (const b of cacheable) cached.add(b.hash)
  return { input: total - read - write, cacheRead: read, cacheWrite: write }
}

export interface IssuedThinking {
  thinking: string
  signature: string
}

/** Anthropic's 400 for a tool-use turn sent back without its thinking block (or with it changed). */
export function thinkingProblem(body: Block, issued: ReadonlyMap<string, IssuedThinking>): string | undefined {
  const messages = Array.isArray(body.messages) ? body.messages.filter(isRecord) : []
  for (const [i, message] of messages.entries()) {
    if (message.role !== 'assistant') continue
    const blocks = blocksOf(message.content)
    const toolUse = blocks.find((b) => b.type === 'tool_use' && typeof b.id === 'string')
    const needed = toolUse ? issued.get(toolUse.id as string) : undefined
    if (!needed) continue
    const first = blocks[0]
    if (first?.type !== 'thinking') {
      return (
        `messages.${i}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first?.type)}\`. ` +
        'When `thinking` is enabled, a final `assistant` message must start with a thinking block. ' +
        'We recommend you include thinking blocks from previous turns.'
      )
    }
    if (first.signature !== needed.signature || first.thinking !== needed.thinking) {
      return `messages.${i}.content.0: Invalid \`signature\` in \`thinking\` block`
    }
  }
  return undefined
}

/** A signature the way the API's look: opaque, and bound to the thinking text. */
export function signatureOf(thinking: string, salt: string): string {
  return createHash('sha256').update(`${salt}\u0000${thinking}`).digest('base64')
}
