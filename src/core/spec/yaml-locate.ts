/**
 * Maps a data path (as zod reports it) to a rendered path like `steps[2].needs[0]` and to the
 * line and column of that node in the YAML source. When the path does not exist (a missing key),
 * the nearest existing parent is used, so every issue gets a position.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml'
import type { SpecIssue } from './types'

export type DataPath = readonly PropertyKey[]

export function renderPath(path: DataPath): string {
  let out = ''
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else {
      const name = String(seg)
      if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) out += out === '' ? name : `.${name}`
      else out += `[${JSON.stringify(name)}]`
    }
  }
  return out
}

interface Position {
  line: number
  column: number
}

export type Locator = (path: DataPath, atKey?: boolean) => Position | undefined

function findPairIndex(map: { items: { key: unknown }[] }, seg: PropertyKey): number {
  const want = String(seg)
  return map.items.findIndex((pair) => isScalar(pair.key) && String(pair.key.value) === want)
}

/** atKey: point at the key of the last segment (for unknown-key errors) rather than its value. */
export function createLocator(doc: Document, lineCounter: LineCounter): Locator {
  return (path, atKey = false) => {
    let node: unknown = doc.contents
    let best: Node | undefined = isScalar(node) || isMap(node) || isSeq(node) ? node : undefined
    for (let i = 0; i < path.length; i++) {
      const seg = path[i] as PropertyKey
      let hops = 0
      while (isAlias(node) && hops++ < 8) node = node.resolve(doc)
      let next: unknown
      if (isMap(node)) {
        const index = findPairIndex(node, seg)
        const pair = node.items[index]
        if (!pair) break
        const last = i === path.length - 1
        if (last && atKey && isScalar(pair.key)) next = pair.key
        else next = pair.value ?? pair.key
      } else if (isSeq(node) && typeof seg === 'number') {
        next = node.items[seg]
      } else break
      if (next === undefined || next === null) break
      node = next
      if (isScalar(node) || isMap(node) || isSeq(node) || isAlias(node)) best = node
    }
    const offset = best?.range?.[0]
    if (offset === undefined) return undefined
    const pos = lineCounter.linePos(offset)
    return { line: pos.line, column: pos.col }
  }
}

export function issueAt(locate: Locator, path: DataPath, message: string, atKey = false): SpecIssue {
  const pos = locate(path, atKey)
  const issue: SpecIssue = { path: renderPath(path), message }
  if (pos) {
    issue.line = pos.line
    issue.column = pos.column
  }
  return issue
}
