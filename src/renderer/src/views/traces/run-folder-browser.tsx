/**
 * Browses a run folder beyond outputs/: inputs/ (the spec as given and resolved), artifacts/
 * (each step's final answer, check outputs), outputs/ and logs/. Markdown files are rendered
 * (toggle to source), other text is shown as in the outputs browser; every file has a copy
 * button. `initial` opens a folder/file directly (e.g. a path named in an error message).
 */
import { useCallback, useEffect, useState } from 'react'
import type { InvokeResponse } from '../../../../shared/ipc'
import type { RunFolder } from '../../../../shared/run-folder-contract'
import { call, errorText } from '../../api/call'
import { formatBytes } from '../../format'
import { FileViewer } from '../outputs/file-viewer'
import { CopyButton } from './copy-button'
import { MarkdownView } from './markdown-view'

const FOLDERS: readonly RunFolder[] = ['artifacts', 'inputs', 'outputs', 'logs']
type RunFile = InvokeResponse<'runs.file'>

const isMarkdown = (path: string): boolean => /\.(md|markdown)$/i.test(path)

export function RunFolderBrowser({ jobId, initial }: { jobId: string; initial?: { folder: RunFolder; path?: string } }): React.JSX.Element {
  const [folder, setFolder] = useState<RunFolder>(initial?.folder ?? 'artifacts')
  const [files, setFiles] = useState<{ path: string; size_bytes: number }[] | null>(null)
  const [file, setFile] = useState<RunFile | null>(null)
  const [source, setSource] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const open = useCallback(
    async (path: string, inFolder: RunFolder) => {
      setError(null)
      try {
        setFile(await call('runs.file', { jobId, folder: inFolder, path }))
      } catch (err) {
        setError(errorText(err))
      }
    },
    [jobId],
  )

  useEffect(() => {
    let live = true
    setFiles(null)
    setFile(null)
    call('runs.folder', { jobId, folder })
      .then((res) => {
        if (!live) return
        setFiles(res.files)
        const wanted = initial?.folder === folder ? initial.path : undefined
        const first = wanted ?? res.files.find((f) => isMarkdown(f.path))?.path ?? res.files[0]?.path
        if (first) void open(first, folder)
      })
      .catch((err: unknown) => live && setError(errorText(err)))
    return () => {
      live = false
    }
  }, [jobId, folder, initial, open])

  return (
    <section className="run-folder" data-testid="run-folder" data-folder={folder}>
      <nav className="tabs">
        {FOLDERS.map((f) => (
          <button key={f} type="button" className={f === folder ? 'active' : ''} data-testid={`folder-${f}`} onClick={() => setFolder(f)}>
            {f}/
          </button>
        ))}
      </nav>
      {error ? (
        <div className="error-text" data-testid="run-folder-error">
          {error}
        </div>
      ) : null}
      <div className="outputs-main">
        <ul className="run-folder-list outputs-tree">
          {files === null ? <li className="muted">Loading…</li> : null}
          {files?.length === 0 ? <li className="muted">{folder}/ is empty in this run.</li> : null}
          {files?.map((f) => (
            <li key={f.path}>
              <button
                type="button"
                className={`link${file?.path === f.path ? ' active' : ''}`}
                data-testid="run-folder-file"
                data-path={f.path}
                onClick={() => void open(f.path, folder)}
              >
                {f.path}
              </button>{' '}
              <span className="muted">{formatBytes(f.size_bytes)}</span>
            </li>
          ))}
        </ul>
        <div className="outputs-viewer">
          {file ? (
            <div data-testid="run-file" data-path={file.path}>
              <div className="run-file-actions">
                <CopyButton text={file.content} testId="copy-file" />
                {isMarkdown(file.path) && !file.binary ? (
                  <button type="button" data-testid="markdown-toggle" onClick={() => setSource(!source)}>
                    {source ? 'Rendered' : 'Source'}
                  </button>
                ) : null}
              </div>
              {isMarkdown(file.path) && !file.binary && !source ? (
                <>
                  <strong>{file.path}</strong>
                  <MarkdownView text={file.content} testId="run-file-markdown" />
                </>
              ) : (
                <FileViewer file={file} />
              )}
            </div>
          ) : (
            <p className="muted">Pick a file to view it.</p>
          )}
        </div>
      </div>
    </section>
  )
}
