/**
 * "Import bundle…": picks a run bundle (.zip) with the system file dialog and imports it like a
 * .zip dropped on the window (the imported run opens; the outcome shows in the banner).
 */
import { useRef } from 'react'
import { importBundle } from '../../stores/import-bundle'

export function ImportButton(): React.JSX.Element {
  const input = useRef<HTMLInputElement>(null)
  return (
    <>
      <button
        data-testid="history-import"
        title="Import a run bundle (.zip) exported from this app or `orchestrator export`"
        onClick={() => input.current?.click()}
      >
        Import bundle…
      </button>
      <input
        ref={input}
        type="file"
        accept=".zip,application/zip"
        hidden
        data-testid="history-import-file"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0]
          e.currentTarget.value = ''
          if (file) void importBundle(file)
        }}
      />
    </>
  )
}
