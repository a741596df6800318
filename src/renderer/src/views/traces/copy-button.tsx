/** A "Copy" button: writes the text to the clipboard and says "Copied" (or why it could not). */
import { useState } from 'react'

export function CopyButton({
  text,
  label = 'Copy',
  testId = 'copy-button',
}: {
  text: string
  label?: string
  testId?: string
}): React.JSX.Element {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text)
      setState('copied')
    } catch {
      setState('failed')
    }
    setTimeout(() => setState('idle'), 1500)
  }
  return (
    <button
      type="button"
      className="copy-button"
      data-testid={testId}
      data-state={state}
      onClick={() => void copy()}
      title="Copy to the clipboard"
    >
      {state === 'copied' ? 'Copied ✓' : state === 'failed' ? 'Copy failed' : label}
    </button>
  )
}
