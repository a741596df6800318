/**
 * The spec editor: a list of the bundled examples and the specs saved in `<runsDir>/specs/`
 * (each listed once), the YAML in CodeMirror with the validator's problems as markers and as a
 * clickable list, Save (a saved spec, in place), Save as (a new name; replacing an existing spec
 * needs a second, explicit click) and "Open in Graph" to run it. Starts from the spec loaded in
 * the Graph view, if any.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { SPEC_NAME_PATTERN } from '../../../../shared/specs-contract'
import { call, errorText } from '../../api/call'
import { useAppStore } from '../../stores/app-store'
import { useGraphStore } from '../../stores/graph-store'
import { issueLabel, type SpecIssue } from './spec-diagnostics'
import { YamlEditor, type YamlEditorHandle } from './yaml-editor'
import './editor.css'

type Source = { kind: 'example' | 'saved' | 'graph'; name: string }

interface OpenDoc {
  key: string
  source: Source
  text: string
}

let opened = 0

function suggestName(name: string): string {
  const base =
    name
      .replace(/\.ya?ml$/i, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '') || 'spec'
  return `${base}.yaml`
}

export function EditorView(): React.JSX.Element {
  const examples = useAppStore((s) => s.info?.examples ?? [])
  const [saved, setSaved] = useState<{ name: string }[]>([])
  const [doc, setDoc] = useState<OpenDoc | null>(null)
  const [text, setText] = useState('')
  const [issues, setIssues] = useState<SpecIssue[] | null>(null)
  const [validateError, setValidateError] = useState<string | null>(null)
  const [saveAs, setSaveAs] = useState<string | null>(null)
  const [confirmReplace, setConfirmReplace] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const editor = useRef<YamlEditorHandle | null>(null)

  const refresh = useCallback(async () => {
    try {
      setSaved((await call('specs.list', {})).specs)
    } catch (err) {
      setMessage(errorText(err))
    }
  }, [])

  const show = (source: Source, content: string): void => {
    setDoc({ key: `doc${opened++}`, source, text: content })
    setText(content)
    setIssues(null)
    setSaveAs(null)
    setConfirmReplace(false)
    setMessage(null)
  }

  const open = async (source: Source): Promise<void> => {
    try {
      const res =
        source.kind === 'example' ? await call('examples.read', { name: source.name }) : await call('specs.read', { name: source.name })
      show(source, res.text)
    } catch (err) {
      setMessage(errorText(err))
    }
  }

  useEffect(() => {
    void refresh()
    const graph = useGraphStore.getState()
    if (graph.specText !== null && graph.fileName) show({ kind: 'graph', name: graph.fileName }, graph.specText)
  }, [refresh])

  useEffect(() => {
    const fromGraph = useGraphStore.getState().specText !== null
    if (doc === null && !fromGraph && examples[0]) void open({ kind: 'example', name: examples[0].name })
    // Opens the first example once the list is known, only when nothing is open.
  }, [examples, doc])

  const write = async (name: string, overwrite: boolean): Promise<void> => {
    try {
      const res = await call('specs.save', { name, text, overwrite })
      setMessage(`Saved ${res.path}`)
      setSaveAs(null)
      setConfirmReplace(false)
      setDoc((d) => (d ? { ...d, source: { kind: 'saved', name } } : d))
      await refresh()
    } catch (err) {
      const msg = errorText(err)
      if (!overwrite && /already exists/.test(msg)) setConfirmReplace(true)
      setMessage(msg)
    }
  }

  const save = (): void => {
    if (doc?.source.kind === 'saved') void write(doc.source.name, true)
    else setSaveAs(suggestName(doc?.source.name ?? 'spec.yaml'))
  }

  const dirty = doc !== null && text !== doc.text
  const nameOk = saveAs !== null && SPEC_NAME_PATTERN.test(saveAs)
  const problems = issues ?? []
  return (
    <section className="editor-view" data-testid="editor-view">
      <aside className="editor-files">
        <h3>Examples</h3>
        <ul data-testid="editor-examples">
          {examples.map((e) => (
            <li key={e.name}>
              <button
                type="button"
                className={`link${doc?.source.kind === 'example' && doc.source.name === e.name ? ' active' : ''}`}
                data-testid="editor-example"
                data-name={e.name}
                onClick={() => void open({ kind: 'example', name: e.name })}
              >
                {e.name}
              </button>
              <span className="muted"> {e.title}</span>
            </li>
          ))}
        </ul>
        <h3>Saved specs</h3>
        <ul data-testid="editor-saved">
          {saved.length === 0 ? <li className="muted">None yet: Save as… puts a spec here.</li> : null}
          {saved.map((s) => (
            <li key={s.name}>
              <button
                type="button"
                className={`link${doc?.source.kind === 'saved' && doc.source.name === s.name ? ' active' : ''}`}
                data-testid="editor-saved-spec"
                data-name={s.name}
                onClick={() => void open({ kind: 'saved', name: s.name })}
              >
                {s.name}
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <div className="editor-main">
        <div className="toolbar editor-toolbar">
          <strong data-testid="editor-file">
            {doc ? `${doc.source.name}${doc.source.kind === 'example' ? ' (example)' : ''}${dirty ? ' •' : ''}` : 'No spec open'}
          </strong>
          <span
            className={problems.length > 0 ? 'error-text' : 'ok'}
            data-testid="editor-problem-count"
            data-count={issues === null ? '' : String(problems.length)}
          >
            {issues === null
              ? 'checking…'
              : problems.length === 0
                ? 'valid ✓'
                : `${problems.length} problem${problems.length === 1 ? '' : 's'}`}
          </span>
          <button type="button" data-testid="editor-save" disabled={!doc} onClick={save}>
            Save
          </button>
          <button
            type="button"
            data-testid="editor-save-as"
            disabled={!doc}
            onClick={() => setSaveAs(suggestName(doc?.source.name ?? 'spec.yaml'))}
          >
            Save as…
          </button>
          <button
            type="button"
            className="primary"
            data-testid="editor-open-graph"
            disabled={!doc || problems.length > 0}
            onClick={() => {
              void useGraphStore.getState().loadSpec(text, doc?.source.name ?? 'spec.yaml')
              useAppStore.getState().setView('graph')
            }}
          >
            Open in Graph
          </button>
        </div>
        {saveAs !== null ? (
          <form
            className="editor-save-as"
            onSubmit={(e) => {
              e.preventDefault()
              if (nameOk) void write(saveAs, confirmReplace)
            }}
          >
            <label>
              Save in {'<runs>/specs/'} as{' '}
              <input
                data-testid="editor-save-name"
                value={saveAs}
                onChange={(e) => {
                  setSaveAs(e.currentTarget.value)
                  setConfirmReplace(false)
                }}
              />
            </label>
            <button type="submit" className={confirmReplace ? 'danger' : 'primary'} data-testid="editor-save-confirm" disabled={!nameOk}>
              {confirmReplace ? 'Replace it' : 'Save'}
            </button>
            <button type="button" onClick={() => setSaveAs(null)}>
              Cancel
            </button>
            {!nameOk ? <span className="error-text">a file name such as my-spec.yaml</span> : null}
          </form>
        ) : null}
        {message ? (
          <div className="notice" data-testid="editor-message">
            {message}
          </div>
        ) : null}
        {validateError ? <div className="error-text">{validateError}</div> : null}
        {doc ? (
          <YamlEditor
            docKey={doc.key}
            initialText={doc.text}
            fileName={doc.source.name}
            onChange={setText}
            onIssues={(next, error) => {
              setIssues(next)
              setValidateError(error ?? null)
            }}
            handleRef={editor}
          />
        ) : (
          <p className="muted">Pick an example or a saved spec.</p>
        )}
        {problems.length > 0 ? (
          <ul className="editor-problems" data-testid="editor-problems">
            {problems.map((p, i) => (
              <li key={i}>
                <button type="button" className="link" data-testid="editor-problem" onClick={() => editor.current?.jumpTo(p)}>
                  {issueLabel(p)}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </section>
  )
}
