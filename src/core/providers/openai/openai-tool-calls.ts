/**
 * Reassembles streamed OpenAI tool calls: the first delta for an `index` carries the id and the
 * function name, later deltas append pieces of the JSON `arguments` string. `finish()` returns
 * the calls in index order with parsed arguments, or the raw string when it is not valid JSON.
 */
import type { ToolCall } from '../types'
import { DEFAULT_MAX_LINE_BYTES, lineTooLong } from '../http/bounded-lines'

export interface ToolCallDelta {
  index: number
  id?: string
  function?: { name?: string; arguments?: string }
}

interface PendingCall {
  id?: string
  name: string
  args: string
}

function parsed(raw: string): unknown {
  if (raw.trim() === '') return {}
  try {
    return JSON.parse(raw) as unknown
  } catch {
    return raw
  }
}

export class ToolCallAccumulator {
  private readonly byIndex = new Map<number, PendingCall>()

  /** A delta without an index (some servers send whole calls without one) is a call of its own. */
  add(delta: ToolCallDelta): void {
    const index = typeof delta.index === 'number' ? delta.index : this.nextFreeIndex()
    const current = this.byIndex.get(index) ?? { name: '', args: '' }
    if (delta.id) current.id = delta.id
    if (delta.function?.name && current.name === '') current.name = delta.function.name
    if (delta.function?.arguments) {
      current.args += delta.function.arguments
      // Streamed pieces are bounded per line; the call they add up to is bounded here.
      if (current.args.length > DEFAULT_MAX_LINE_BYTES) throw lineTooLong(current.args.length, DEFAULT_MAX_LINE_BYTES)
    }
    this.byIndex.set(index, current)
  }

  private nextFreeIndex(): number {
    return this.byIndex.size === 0 ? 0 : Math.max(...this.byIndex.keys()) + 1
  }

  get size(): number {
    return this.byIndex.size
  }

  finish(): ToolCall[] {
    return [...this.byIndex.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, call]) => ({ id: call.id ?? `call_${index + 1}`, name: call.name, arguments: parsed(call.args) }))
  }
}
