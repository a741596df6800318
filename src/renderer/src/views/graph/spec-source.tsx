/**
 * Where a spec comes from: a bundled example (`app.info` examples + `examples.read`) or a local
 * file ("Open spec…"). Dropping a file anywhere on the window is handled by useSpecDrop.
 */
import { useRef, useState } from 'react'
import { call, errorText } from '../../api/call'
import { useAppStore } from '../../stores/app-store'
import { useGraphStore } from '../../stores/graph-store'

const NO_EXAMPLES: readonly { name: string; title: string }[] = []

export async function loadSpecFile(file: File): Promise<void> {
  await useGraphStore.getState().loadSpec(await file.text(), file.name)
}

export function SpecSource(): React.JSX.Element {
  const examples = useAppStore((s) => s.info?.examples ?? NO_EXAMPLES)
  const fileName = useGraphStore((s) => s.fileName)
  const [error, setError] = useState<string | null>(null)
  const fileInput = useRef<HTMLInputElement>(null)

  const pickExample = async (name: string): Promise<void> => {
    if (!name) return
    setError(null)
    try {
      const res = await call('examples.read', { name })
      await useGraphStore.getState().loadSpec(res.text, res.name)
    } catch (err) {
      setError(errorText(err))
    }
  }

  return (
    <div className="spec-source">
      <button data-testid="open-spec-button" onClick={() => fileInput.current?.click()}>
        Open spec…
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".yaml,.yml,text/yaml"
        data-testid="open-spec-input"
        aria-label="Spec file"
        hidden
        onChange={(e) => {
          const file = e.currentTarget.files?.[0]
          e.currentTarget.value = ''
          if (file) void loadSpecFile(file)
        }}
      />
      <select data-testid="example-select" aria-label="Examples" value="" onChange={(e) => void pickExample(e.currentTarget.value)}>
        <option value="">Examples…</option>
        {examples.map((ex) => (
          <option key={ex.name} value={ex.name}>
            {ex.title} ({ex.name})
          </option>
        ))}
      </select>
      <span className="spec-name" data-testid="spec-name">
        {fileName ?? 'Drop a spec file anywhere, or open one'}
      </span>
      {error ? <span className="error-text">{error}</span> : null}
    </div>
  )
}
