/**
 * The error thrown for a spec that cannot run. Carries every issue found (not just the first),
 * each with its path and line, and formats them as `file:line:column: path: message`.
 */
import { OrchestratorError } from '../errors'
import type { SpecIssue } from './types'

export class SpecError extends OrchestratorError {
  readonly issues: SpecIssue[]
  readonly file: string

  constructor(kind: 'spec_unreadable' | 'spec_invalid', file: string, issues: SpecIssue[]) {
    super({ kind, retryable: false, message: formatIssues(file, issues) })
    this.name = 'SpecError'
    this.file = file
    this.issues = issues
  }
}

function formatIssues(file: string, issues: SpecIssue[]): string {
  return issues
    .map((issue) => {
      const where = issue.line !== undefined ? `${file}:${issue.line}:${issue.column ?? 1}` : file
      return issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`
    })
    .join('\n')
}
