/** The validation problems of the loaded spec, each with its line:column when known. */
import type { SpecIssueView } from '../../stores/graph-store'

export function SpecIssues({ fileName, issues }: { fileName: string | null; issues: SpecIssueView[] }): React.JSX.Element | null {
  if (issues.length === 0) return null
  return (
    <div className="spec-issues" data-testid="spec-issues" role="alert">
      <strong>
        {fileName ?? 'The spec'} has {issues.length === 1 ? 'a problem' : `${issues.length} problems`}:
      </strong>
      <ul>
        {issues.map((issue, i) => (
          <li key={i} data-testid="spec-issue">
            <span className="issue-loc">
              {issue.line !== undefined ? `${fileName ?? 'spec'}:${issue.line}:${issue.column ?? 1}` : (fileName ?? 'spec')}
            </span>
            {issue.path ? <code className="issue-path">{issue.path}</code> : null}
            <span>{issue.message}</span>
          </li>
        ))}
      </ul>
    </div>
  )
}
