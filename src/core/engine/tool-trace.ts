/**
 * What the event log keeps of a tool call: its arguments as JSON and its result text, each cut
 * to TOOL_TRACE_CHARS (never inside a surrogate pair) with a flag saying it was cut. The full
 * content of a write is in outputs/ and its log; the events stay small enough to stream.
 */
import { TOOL_TRACE_CHARS } from '../../shared/run-event'

export interface BoundedText {
  text: string
  truncated: boolean
}

export function boundText(text: string, max: number = TOOL_TRACE_CHARS): BoundedText {
  if (text.length <= max) return { text, truncated: false }
  let end = max
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end--
  return { text: text.slice(0, end), truncated: true }
}

export function argumentsText(args: unknown, max: number = TOOL_TRACE_CHARS): BoundedText {
  let json: string | undefined
  try {
    json = JSON.stringify(args)
  } catch {
    json = undefined
  }
  return boundText(json ?? String(args), max)
}
