/** The manifest's file list: path, SHA-256, size, media type and the step that wrote it. */
import type { ManifestFile } from '../../../../shared/manifest'
import { formatBytes } from '../../format'
import { describeAutoRunFlag } from '../../../../shared/auto-run-flags'

export function ManifestTable({ files, onOpen }: { files: readonly ManifestFile[]; onOpen?(path: string): void }): React.JSX.Element {
  return (
    <table className="data-table" data-testid="manifest-table">
      <thead>
        <tr>
          <th>Path</th>
          <th>SHA-256</th>
          <th>Size</th>
          <th>Media type</th>
          <th>Step</th>
        </tr>
      </thead>
      <tbody>
        {files.map((f) => (
          <tr key={f.path} data-testid="manifest-row" data-path={f.path}>
            <td>
              {onOpen ? (
                <button className="link" onClick={() => onOpen(f.path)}>
                  {f.path}
                </button>
              ) : (
                f.path
              )}
              {f.flags.length > 0 ? (
                <span className="auto-run-flag" data-testid="auto-run-flag" title={f.flags.map(describeAutoRunFlag).join('\n')}>
                  {' '}
                  ⚠ runs itself
                </span>
              ) : null}
            </td>
            <td>
              <code className="sha" data-testid="manifest-sha256" title={f.sha256}>
                {f.sha256}
              </code>
            </td>
            <td>{formatBytes(f.size_bytes)}</td>
            <td>{f.media_type}</td>
            <td>{f.step}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
