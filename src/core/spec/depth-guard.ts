/**
 * A linear pre-scan over YAML lexer tokens that estimates nesting depth before the document is
 * composed, so a 1 MiB file of `[[[[…` or `- - - …` is rejected in milliseconds instead of
 * exhausting the stack or memory. The estimate (indentation levels + block indicators on the
 * line + open flow brackets) is never below the real depth and may exceed it by a small factor;
 * callers pass a generous limit here and enforce the exact limit on the composed document.
 */
import { CST, Lexer } from 'yaml'

/** Lexer control tokens that do not correspond to source characters. */
const MARKERS = new Set(['\u0002', '\u0018', '\u001f'])

export interface DepthExcess {
  /** Offset in the source where the estimate first passed the limit. */
  offset: number
}

export function scanDepth(source: string, limit: number): DepthExcess | undefined {
  const indents: number[] = []
  let flow = 0
  let lineIndicators = 0
  let lineStart = true
  let pendingIndent = 0
  let valueNext = false
  let offset = 0

  const startContent = (): void => {
    if (!lineStart) return
    lineStart = false
    if (flow > 0) return
    while (indents.length > 0 && (indents[indents.length - 1] ?? 0) >= pendingIndent) indents.pop()
    indents.push(pendingIndent)
  }

  for (const token of new Lexer().lex(source)) {
    if (MARKERS.has(token)) {
      valueNext = token === '\u001f'
      continue
    }
    const type = valueNext ? 'value' : CST.tokenType(token)
    valueNext = false
    switch (type) {
      case 'newline':
        lineIndicators = 0
        lineStart = true
        pendingIndent = 0
        break
      case 'space':
        if (lineStart) pendingIndent = token.length
        break
      case 'comment':
      case 'byte-order-mark':
        break
      case 'seq-item-ind':
      case 'explicit-key-ind':
      case 'map-value-ind':
        startContent()
        lineIndicators += 1
        break
      case 'flow-map-start':
      case 'flow-seq-start':
        startContent()
        flow += 1
        break
      case 'flow-map-end':
      case 'flow-seq-end':
        startContent()
        flow = Math.max(0, flow - 1)
        break
      default:
        startContent()
        if (token.endsWith('\n')) {
          lineStart = true
          pendingIndent = 0
          lineIndicators = 0
        }
    }
    if (flow > limit || indents.length + lineIndicators + flow > limit) return { offset }
    offset += token.length
  }
  return undefined
}
