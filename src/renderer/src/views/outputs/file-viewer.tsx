/**
 * Shows one output file from `outputs.read`: path, size, media type and SHA-256, then its text
 * with lightweight highlighting (React text nodes only; nothing is parsed as HTML).
 */
import { useMemo } from 'react'
import type { InvokeResponse } from '../../../../shared/ipc'
import { formatBytes } from '../../format'
import { languageOf, tokenize } from './highlight'

export type OutputFile = InvokeResponse<'outputs.read'>

const MAX_HIGHLIGHT_CHARS = 200_000

export function FileViewer({ file }: { file: OutputFile }): React.JSX.Element {
  const tokens = useMemo(() => {
    if (file.binary) return []
    const lang = file.content.length > MAX_HIGHLIGHT_CHARS ? 'plain' : languageOf(file.path)
    return tokenize(file.content, lang)
  }, [file])
  return (
    <div className="file-viewer" data-testid="file-viewer" data-path={file.path}>
      <div className="file-meta">
        <strong data-testid="viewer-path">{file.path}</strong>
        <span>{formatBytes(file.size_bytes)}</span>
        <span>{file.media_type}</span>
        <span>
          SHA-256 <code data-testid="viewer-sha256">{file.sha256}</code>
        </span>
      </div>
      {file.binary ? (
        <p className="muted">Binary file — not shown.</p>
      ) : (
        <pre className="code" data-testid="viewer-content">
          {tokens.map((t, i) =>
            t.kind === 'plain' ? (
              t.text
            ) : (
              <span key={i} className={`tok-${t.kind}`}>
                {t.text}
              </span>
            ),
          )}
        </pre>
      )}
      {file.truncated ? <p className="muted">Truncated: only the beginning of the file is shown.</p> : null}
    </div>
  )
}
