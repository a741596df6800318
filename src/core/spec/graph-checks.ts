/**
 * Graph validation of the steps as written, run even when other parts of the spec are invalid so
 * one report lists every problem: duplicate ids (both positions named), unknown dependencies
 * (closest id suggested), a step needing itself, cycles named as a path, and prompt placeholders
 * that are unknown or point at a step that is not upstream.
 */
import { ancestorSets, findCycle } from './graph'
import { suggestion } from './suggest'
import { parsePlaceholders } from './template'
import type { SpecIssue } from './types'
import { issueAt, renderPath, type Locator } from './yaml-locate'

/** A step as far as it could be read: fields that are not the right type are left out. */
export interface LooseStep {
  index: number
  id?: string
  /** String entries of `needs` with their index in the list. */
  needs: { index: number; id: string }[]
  prompt?: string
}

const PLACEHOLDER_HELP = 'use {{task}}, {{project}}, {{steps.<id>.output}} or {{steps.<id>.files}}'

export function checkGraph(steps: LooseStep[], locate: Locator): SpecIssue[] {
  const issues: SpecIssue[] = []
  const firstIndex = new Map<string, number>()
  for (const s of steps) {
    if (s.id === undefined) continue
    const first = firstIndex.get(s.id)
    if (first === undefined) {
      firstIndex.set(s.id, s.index)
      continue
    }
    const pos = locate(['steps', first, 'id'])
    const where = pos ? ` (line ${pos.line})` : ''
    issues.push(
      issueAt(
        locate,
        ['steps', s.index, 'id'],
        `duplicate step id '${s.id}', also used by ${renderPath(['steps', first])}${where}; step ids must be unique`,
      ),
    )
  }
  const ids = [...firstIndex.keys()]

  for (const s of steps) {
    for (const need of s.needs) {
      const path = ['steps', s.index, 'needs', need.index]
      if (need.id === s.id) issues.push(issueAt(locate, path, `step '${need.id}' cannot need itself; remove it from needs`))
      else if (!firstIndex.has(need.id)) {
        issues.push(issueAt(locate, path, `unknown step '${need.id}'${suggestion(need.id, ids, 'known steps')}`))
      }
    }
  }

  const graph = steps
    .filter((s): s is LooseStep & { id: string } => s.id !== undefined && firstIndex.get(s.id) === s.index)
    .map((s) => ({ id: s.id, needs: s.needs.map((n) => n.id).filter((n) => n !== s.id && firstIndex.has(n)) }))
  const cycle = findCycle(graph)
  if (cycle) {
    const start = cycle[0] as string
    issues.push(issueAt(locate, ['steps', firstIndex.get(start) ?? 0, 'needs'], `cycle: ${cycle.join(' → ')}; remove one of these needs`))
  }

  const ancestors = ancestorSets(graph)
  for (const s of steps) {
    if (s.prompt === undefined) continue
    const path = ['steps', s.index, 'prompt']
    const upstream = s.id !== undefined ? ancestors.get(s.id) : undefined
    const reported = new Set<string>()
    for (const p of parsePlaceholders(s.prompt)) {
      if (reported.has(p.raw)) continue
      reported.add(p.raw)
      if (p.kind === 'unknown') {
        issues.push(issueAt(locate, path, `unknown placeholder '${p.raw}'; ${PLACEHOLDER_HELP}`))
      } else if (p.kind === 'output' || p.kind === 'files') {
        if (!firstIndex.has(p.step)) {
          issues.push(issueAt(locate, path, `references unknown step '${p.step}' in '${p.raw}'${suggestion(p.step, ids, 'known steps')}`))
        } else if (p.step === s.id) {
          issues.push(issueAt(locate, path, `references its own step '${p.step}'; a step can only use upstream results`))
        } else if (upstream && !upstream.has(p.step)) {
          issues.push(issueAt(locate, path, `references step '${p.step}' which is not upstream of '${s.id}'; add it to needs`))
        }
      }
    }
  }
  return issues
}
