/**
 * Turns the core's spec issues (1-based line:column, from `graph.validate`) into CodeMirror
 * diagnostics: each marks from its column to the end of its word on that line (the whole first
 * line when an issue has no position), so the editor shows exactly the problems `orchestrator
 * validate` prints, at the same places.
 */
import type { Text } from '@codemirror/state'
import type { Diagnostic } from '@codemirror/lint'

export interface SpecIssue {
  path: string
  message: string
  line?: number
  column?: number
}

export function issueRange(doc: Text, issue: SpecIssue): { from: number; to: number } {
  if (doc.lines === 0 || issue.line === undefined) {
    const first = doc.line(1)
    return { from: first.from, to: Math.max(first.from, first.to) }
  }
  const line = doc.line(Math.min(Math.max(1, issue.line), doc.lines))
  const from = Math.min(line.to, line.from + Math.max(0, (issue.column ?? 1) - 1))
  const rest = doc.sliceString(from, line.to)
  const word = /^[^\s,\]}]+/.exec(rest)?.[0].length ?? 0
  const to = word > 0 ? from + word : Math.min(line.to, from + 1)
  return { from, to: Math.max(to, from) }
}

export function issueLabel(issue: SpecIssue): string {
  return `${issue.line !== undefined ? `${issue.line}:${issue.column ?? 1}` : '—'} ${issue.path ? `${issue.path}: ` : ''}${issue.message}`
}

export function toDiagnostics(doc: Text, issues: readonly SpecIssue[]): Diagnostic[] {
  return issues.map((issue) => ({
    ...issueRange(doc, issue),
    severity: 'error',
    message: issueLabel(issue),
    source: 'orchestrator validate',
  }))
}
