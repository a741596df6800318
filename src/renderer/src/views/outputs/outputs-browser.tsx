/**
 * Outputs browser for one run: the outputs/ tree, the file viewer, the manifest table, and
 * "Show in Finder" (`outputs.reveal`; in browser mode the returned path is shown) / "Copy path".
 */
import { useCallback, useEffect, useState } from 'react'
import type { InvokeResponse } from '../../../../shared/ipc'
import { call, errorText } from '../../api/call'
import { FileTree, type TreeFile } from './file-tree'
import { FileViewer, type OutputFile } from './file-viewer'
import { ManifestTable } from './manifest-table'

type RunData = InvokeResponse<'runs.get'>

export function OutputsBrowser({ jobId, initialFile }: { jobId: string; initialFile?: string | null }): React.JSX.Element {
  const [files, setFiles] = useState<TreeFile[] | null>(null)
  const [run, setRun] = useState<RunData | null>(null)
  const [open, setOpen] = useState<OutputFile | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  const openFile = useCallback(
    async (path: string) => {
      setError(null)
      try {
        setOpen(await call('outputs.read', { jobId, path }))
      } catch (err) {
        setError(errorText(err))
      }
    },
    [jobId],
  )

  useEffect(() => {
    setFiles(null)
    setOpen(null)
    setMessage(null)
    Promise.all([call('outputs.tree', { jobId }), call('runs.get', { jobId })])
      .then(([tree, data]) => {
        setFiles(tree.files)
        setRun(data)
      })
      .catch((err: unknown) => setError(errorText(err)))
    if (initialFile) void openFile(initialFile)
  }, [jobId, initialFile, openFile])

  const reveal = async (): Promise<void> => {
    try {
      const res = await call('outputs.reveal', { jobId, ...(open ? { path: open.path } : {}) })
      setMessage(res.revealed ? `Shown in the file manager: ${res.absolutePath}` : `Location: ${res.absolutePath}`)
    } catch (err) {
      setError(errorText(err))
    }
  }
  const copyPath = async (): Promise<void> => {
    if (!run) return
    const path = `${run.runDir}/outputs${open ? `/${open.path}` : ''}`
    try {
      await navigator.clipboard.writeText(path)
      setMessage(`Copied: ${path}`)
    } catch {
      setMessage(`Path: ${path}`)
    }
  }

  return (
    <div className="outputs-browser" data-testid="outputs-browser" data-job={jobId}>
      <div className="outputs-actions">
        <span className="muted">{run ? `${run.runDir}/outputs` : jobId}</span>
        <button data-testid="reveal-button" onClick={() => void reveal()}>
          Show in Finder
        </button>
        <button data-testid="copy-path-button" onClick={() => void copyPath()}>
          Copy path
        </button>
        {message ? (
          <span className="notice" data-testid="outputs-message">
            {message}
          </span>
        ) : null}
      </div>
      {error ? (
        <div className="error-text" data-testid="outputs-error">
          {error}
        </div>
      ) : null}
      <div className="outputs-main">
        <div className="outputs-tree">
          {files ? (
            <FileTree files={files} selected={open?.path ?? null} onOpen={(p) => void openFile(p)} />
          ) : (
            <p className="muted">Loading…</p>
          )}
        </div>
        <div className="outputs-viewer">{open ? <FileViewer file={open} /> : <p className="muted">Pick a file to view it.</p>}</div>
      </div>
      {run ? (
        <>
          <h3>Manifest</h3>
          <ManifestTable files={run.manifest.files} onOpen={(p) => void openFile(p)} />
        </>
      ) : null}
    </div>
  )
}

export function OutputsView({ jobId, initialFile }: { jobId: string | null; initialFile: string | null }): React.JSX.Element {
  if (!jobId)
    return (
      <p className="muted" data-testid="outputs-empty">
        Run a spec, or open a run in History, to browse its outputs.
      </p>
    )
  return <OutputsBrowser jobId={jobId} initialFile={initialFile} />
}
