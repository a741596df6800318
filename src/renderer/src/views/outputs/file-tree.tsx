/** The outputs/ folder as a collapsible tree built from `outputs.tree`'s flat file list. */
import { formatBytes } from '../../format'

export interface TreeFile {
  path: string
  size_bytes: number
}

interface Dir {
  dirs: Map<string, Dir>
  files: TreeFile[]
}

function buildTree(files: readonly TreeFile[]): Dir {
  const root: Dir = { dirs: new Map(), files: [] }
  for (const file of files) {
    const parts = file.path.split('/')
    let dir = root
    for (const part of parts.slice(0, -1)) {
      let next = dir.dirs.get(part)
      if (!next) {
        next = { dirs: new Map(), files: [] }
        dir.dirs.set(part, next)
      }
      dir = next
    }
    dir.files.push(file)
  }
  return root
}

function DirView({ dir, selected, onOpen }: { dir: Dir; selected: string | null; onOpen(path: string): void }): React.JSX.Element {
  return (
    <ul className="tree">
      {[...dir.dirs.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, sub]) => (
          <li key={name}>
            <details open>
              <summary className="tree-dir">{name}/</summary>
              <DirView dir={sub} selected={selected} onOpen={onOpen} />
            </details>
          </li>
        ))}
      {[...dir.files]
        .sort((a, b) => a.path.localeCompare(b.path))
        .map((file) => (
          <li key={file.path}>
            <button
              className={`tree-file${file.path === selected ? ' active' : ''}`}
              data-testid="tree-file"
              data-path={file.path}
              onClick={() => onOpen(file.path)}
            >
              {file.path.split('/').pop()} <span className="muted">{formatBytes(file.size_bytes)}</span>
            </button>
          </li>
        ))}
    </ul>
  )
}

export function FileTree({
  files,
  selected,
  onOpen,
}: {
  files: readonly TreeFile[]
  selected: string | null
  onOpen(path: string): void
}): React.JSX.Element {
  if (files.length === 0) return <p className="muted">No files in outputs/.</p>
  return (
    <div data-testid="file-tree">
      <DirView dir={buildTree(files)} selected={selected} onOpen={onOpen} />
    </div>
  )
}
