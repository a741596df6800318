/**
 * CodeMirror 6 with YAML highlighting and live validation: after each pause in typing the text
 * goes to the core's validator (`graph.validate`, the same parser a run uses) and its issues
 * become lint markers at their line:column. The parent owns the text (`onChange`) and sees the
 * latest issues (`onIssues`); `jumpTo` moves the cursor to a problem.
 */
import { yaml } from '@codemirror/lang-yaml'
import { linter, lintGutter } from '@codemirror/lint'
import { EditorState } from '@codemirror/state'
import { EditorView } from '@codemirror/view'
import { basicSetup } from 'codemirror'
import { useEffect, useRef } from 'react'
import { call } from '../../api/call'
import { issueRange, toDiagnostics, type SpecIssue } from './spec-diagnostics'

export interface YamlEditorHandle {
  jumpTo(issue: SpecIssue): void
}

export interface YamlEditorProps {
  /** Changing `docKey` replaces the document with `initialText` (another file was opened). */
  docKey: string
  initialText: string
  fileName: string
  onChange(text: string): void
  onIssues(issues: SpecIssue[] | null, error?: string): void
  handleRef?: React.RefObject<YamlEditorHandle | null>
}

export function YamlEditor({ docKey, initialText, fileName, onChange, onIssues, handleRef }: YamlEditorProps): React.JSX.Element {
  const host = useRef<HTMLDivElement>(null)
  const callbacks = useRef({ onChange, onIssues, fileName })
  callbacks.current = { onChange, onIssues, fileName }

  useEffect(() => {
    if (!host.current) return
    const validate = linter(
      async (view) => {
        const text = view.state.doc.toString()
        try {
          const result = await call('graph.validate', { text, fileName: callbacks.current.fileName })
          if (view.state.doc.toString() !== text) return []
          const issues = result.ok ? [] : result.issues
          callbacks.current.onIssues(issues)
          return toDiagnostics(view.state.doc, issues)
        } catch (err) {
          callbacks.current.onIssues(null, err instanceof Error ? err.message : String(err))
          return []
        }
      },
      { delay: 300 },
    )
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: initialText,
        extensions: [
          basicSetup,
          yaml(),
          lintGutter(),
          validate,
          EditorView.updateListener.of((update) => {
            if (update.docChanged) callbacks.current.onChange(update.state.doc.toString())
          }),
          EditorView.contentAttributes.of({ 'aria-label': 'Spec YAML', 'data-testid': 'editor-content' }),
        ],
      }),
    })
    if (handleRef) {
      handleRef.current = {
        jumpTo(issue) {
          const range = issueRange(view.state.doc, issue)
          view.dispatch({ selection: { anchor: range.from, head: range.to }, scrollIntoView: true })
          view.focus()
        },
      }
    }
    return () => {
      view.destroy()
      if (handleRef) handleRef.current = null
    }
    // The document is replaced only when another file is opened (docKey).
  }, [docKey])

  return <div className="yaml-editor" ref={host} data-testid="yaml-editor" />
}
