/**
 * Safe YAML parsing for spec files. Guarantees: one document; no custom or unknown tags resolved
 * (`!!js/function`, `!foo` are errors); no duplicate or non-text keys; nesting at most MAX_DEPTH
 * levels (pre-scanned before composing, so hostile input is rejected fast); aliases capped so an
 * alias bomb fails instead of expanding; the top level is a mapping. Every problem is reported
 * with its line and column as one SpecError('spec_invalid').
 */
import { isAlias, isCollection, isMap, isScalar, LineCounter, parseDocument, visit, type Document, type YAMLError } from 'yaml'
import { scanDepth } from './depth-guard'
import { SpecError } from './spec-error'
import type { SpecIssue } from './types'
import { createLocator, type Locator } from './yaml-locate'

const MAX_DEPTH = 64
const MAX_ALIAS_COUNT = 50
const MAX_YAML_ISSUES = 20

/** Tags a plain YAML 1.2 core-schema document may state explicitly. */
const ALLOWED_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`))

export interface ParsedYaml {
  data: Record<string, unknown>
  doc: Document
  locate: Locator
}

function at(lineCounter: LineCounter, offset: number | undefined, message: string): SpecIssue {
  if (offset === undefined) return { path: '', message }
  const pos = lineCounter.linePos(offset)
  return { path: '', message, line: pos.line, column: pos.col }
}

function fail(file: string, issues: SpecIssue[]): never {
  const shown = issues.slice(0, MAX_YAML_ISSUES)
  if (issues.length > shown.length) shown.push({ path: '', message: `… and ${issues.length - shown.length} more YAML problems` })
  throw new SpecError('spec_invalid', file, shown)
}

function structureIssues(doc: Document, lineCounter: LineCounter): SpecIssue[] {
  const issues: SpecIssue[] = []
  let depthReported = false
  visit(doc, {
    Node(_key, node, path) {
      if ((isScalar(node) || isCollection(node)) && node.tag !== undefined && !ALLOWED_TAGS.has(node.tag)) {
        const shown = node.tag.replace(/^tag:yaml\.org,2002:/, '!!')
        issues.push(at(lineCounter, node.range?.[0], `custom tag '${shown}' is not allowed; remove the tag (specs use plain YAML only)`))
      }
      if (isCollection(node) && !depthReported) {
        const depth = path.filter((p) => isCollection(p)).length + 1
        if (depth > MAX_DEPTH) {
          depthReported = true
          issues.push(at(lineCounter, node.range?.[0], `nesting is deeper than ${MAX_DEPTH} levels; flatten the spec`))
          return visit.BREAK
        }
      }
      if (isMap(node)) {
        const seen = new Map<string, number | undefined>()
        for (const pair of node.items) {
          const key = pair.key
          if (isAlias(key) || !isScalar(key)) {
            const offset = (key as { range?: [number, number, number] } | null)?.range?.[0]
            issues.push(at(lineCounter, offset ?? node.range?.[0], 'mapping keys must be plain text'))
            continue
          }
          const name = String(key.value)
          if (seen.has(name)) {
            const first = seen.get(name)
            const firstLine = first !== undefined ? lineCounter.linePos(first).line : undefined
            const where = firstLine !== undefined ? ` (first at line ${firstLine})` : ''
            issues.push(at(lineCounter, key.range?.[0], `duplicate key '${name}'${where}; keep only one`))
          } else seen.set(name, key.range?.[0])
        }
      }
      return undefined
    },
  })
  return issues
}

export function parseSpecYaml(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter()
  const excess = scanDepth(text, MAX_DEPTH * 3)
  if (excess) {
    lineCounter.addNewLine(0)
    for (let i = text.indexOf('\n'); i !== -1 && i < excess.offset; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1)
    fail(file, [at(lineCounter, excess.offset, `nesting is deeper than ${MAX_DEPTH} levels; flatten the spec`)])
  }

  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: false,
    strict: true,
    version: '1.2',
    schema: 'core',
    merge: false,
  })
  const parseIssues = [...doc.errors, ...doc.warnings].map((e) => at(lineCounter, e.pos[0], yamlMessage(e)))
  if (parseIssues.length > 0) fail(file, parseIssues)

  const structural = structureIssues(doc, lineCounter)
  if (structural.length > 0) fail(file, structural)

  if (!isMap(doc.contents)) {
    const what = doc.contents === null ? 'empty' : isCollection(doc.contents) ? 'a list' : 'a single value'
    fail(file, [
      at(lineCounter, doc.contents?.range?.[0], `the top level must be a mapping of keys (project:, task:, …), but it is ${what}`),
    ])
  }

  let data: unknown
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
  } catch {
    fail(file, [{ path: '', message: `aliases (*name) expand to too many nodes (limit ${MAX_ALIAS_COUNT}); write the values out instead` }])
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    fail(file, [{ path: '', message: 'the top level must be a mapping of keys (project:, task:, …)' }])
  }
  return { data: data as Record<string, unknown>, doc, locate: createLocator(doc, lineCounter) }
}

function yamlMessage(e: YAMLError): string {
  switch (e.code) {
    case 'TAG_RESOLVE_FAILED':
      return 'custom tags (like !!js/function or !foo) are not allowed; remove the tag (specs use plain YAML only)'
    case 'MULTIPLE_DOCS':
      return "a spec file holds one YAML document; remove the '---' line and what follows, or split it into two files"
    case 'TAB_AS_INDENT':
      return 'YAML does not allow tabs for indentation; indent with spaces'
    default:
      return `YAML: ${firstLine(e.message)}`
  }
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message
  return line.replace(/ at line \d+, column \d+:?$/, '')
}
