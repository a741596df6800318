/**
 * Graph algorithms over steps (`id` + `needs`): stable topological order (spec order among ready
 * steps), levels (level 0 = no dependencies), the first cycle as a path, transitive ancestors, and
 * the human description printed by `orchestrator validate`.
 */
import { OrchestratorError } from '../errors'
import type { ResolvedSpec, ResolvedStep } from './types'

type GraphStep = Pick<ResolvedStep, 'id' | 'needs'>

function badGraph(message: string): OrchestratorError {
  return new OrchestratorError({ kind: 'bad_input', retryable: false, message })
}

/** Ids in dependency order; among steps that are ready at the same time, input order is kept. */
export function topologicalOrder(steps: GraphStep[]): string[] {
  const ids = new Set(steps.map((s) => s.id))
  for (const s of steps) {
    for (const need of s.needs) {
      if (!ids.has(need)) throw badGraph(`step '${s.id}' needs unknown step '${need}'; fix its needs`)
    }
  }
  const done = new Set<string>()
  const order: string[] = []
  while (order.length < steps.length) {
    const next = steps.find((s) => !done.has(s.id) && s.needs.every((n) => done.has(n)))
    if (!next) {
      const cycle = findCycle(steps)
      throw badGraph(`cycle: ${(cycle ?? []).join(' → ')}; remove one of these needs`)
    }
    done.add(next.id)
    order.push(next.id)
  }
  return order
}

export function graphLevels(steps: GraphStep[]): string[][] {
  const byId = new Map(steps.map((s) => [s.id, s]))
  const level = new Map<string, number>()
  for (const id of topologicalOrder(steps)) {
    const needs = byId.get(id)?.needs ?? []
    level.set(id, needs.length === 0 ? 0 : 1 + Math.max(...needs.map((n) => level.get(n) ?? 0)))
  }
  const levels: string[][] = []
  for (const s of steps) {
    const l = level.get(s.id) ?? 0
    while (levels.length <= l) levels.push([])
    levels[l]?.push(s.id)
  }
  return levels
}

/** The first cycle found, as a closed path `[a, b, c, a]` (a needs b needs c needs a), or undefined. */
export function findCycle(steps: GraphStep[]): string[] | undefined {
  const byId = new Map(steps.map((s) => [s.id, s]))
  const state = new Map<string, 'active' | 'done'>()
  const stack: string[] = []
  const dfs = (id: string): string[] | undefined => {
    state.set(id, 'active')
    stack.push(id)
    for (const need of byId.get(id)?.needs ?? []) {
      if (!byId.has(need)) continue
      const st = state.get(need)
      if (st === 'active') return [...stack.slice(stack.indexOf(need)), need]
      if (st === undefined) {
        const found = dfs(need)
        if (found) return found
      }
    }
    stack.pop()
    state.set(id, 'done')
    return undefined
  }
  for (const s of steps) {
    if (state.get(s.id) === undefined) {
      const found = dfs(s.id)
      if (found) return found
    }
  }
  return undefined
}

/** For each step, the set of steps it depends on directly or transitively. Safe on cyclic input. */
export function ancestorSets(steps: GraphStep[]): Map<string, Set<string>> {
  const byId = new Map(steps.map((s) => [s.id, s]))
  const result = new Map<string, Set<string>>()
  for (const s of steps) {
    const seen = new Set<string>()
    const pending = [...s.needs]
    while (pending.length > 0) {
      const id = pending.pop() as string
      if (seen.has(id)) continue
      seen.add(id)
      pending.push(...(byId.get(id)?.needs ?? []))
    }
    result.set(s.id, seen)
  }
  return result
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`
}

function joinAnd(items: string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

export function describeGraph(spec: ResolvedSpec): string {
  const levels = graphLevels(spec.steps)
  const byId = new Map(spec.steps.map((s) => [s.id, s]))
  const lines: string[] = [
    `Project: ${spec.project}`,
    `Task: ${shorten(spec.task_description, 120)}`,
    `Graph: ${spec.builtin_graph ? 'built-in software team' : 'from the spec'}, ${spec.steps.length} steps in ${levels.length} levels`,
  ]
  const provider = spec.provider ?? 'auto (not set in the spec)'
  lines.push(`Provider: ${provider}${spec.model ? `, model ${spec.model}` : ''}`)
  lines.push(
    `Concurrency: up to ${spec.concurrency} steps at once${spec.run_timeout_s ? `; whole run limited to ${spec.run_timeout_s} s` : ''}`,
  )
  levels.forEach((ids, i) => {
    let head = `Level ${i + 1}: ${ids.join(', ')}`
    if (ids.length > 1) {
      head += spec.concurrency > 1 ? ` (${joinAnd(ids)} run in parallel)` : ` (could run in parallel; concurrency is 1)`
    }
    lines.push(head)
    for (const id of ids) {
      const step = byId.get(id)
      if (!step) continue
      const parts = [`agent ${step.agent} (${step.role})`]
      parts.push(step.needs.length > 0 ? `needs ${step.needs.join(', ')}` : 'needs nothing')
      if (step.provider) parts.push(`provider ${step.provider}`)
      if (step.model) parts.push(`model ${step.model}`)
      lines.push(`  - ${id}: ${parts.join('; ')}`)
    }
  })
  return lines.join('\n')
}
