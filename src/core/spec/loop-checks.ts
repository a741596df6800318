/**
 * Checks of `on_check_fail` as written: the step must have a `check`, and `rerun` must name a
 * step upstream of it (the one that wrote what the check tests). Reported with the other spec
 * problems, each at `steps[i].on_check_fail.rerun`.
 */
import { ancestorSets } from './graph'
import type { SpecIssue } from './types'
import { issueAt, type Locator } from './yaml-locate'
import { isRecord } from './is-record'

export function checkLoops(rawSteps: unknown, locate: Locator): SpecIssue[] {
  if (!Array.isArray(rawSteps)) return []
  const steps = rawSteps.filter(isRecord).map((s) => ({
    id: typeof s.id === 'string' ? s.id : '',
    needs: Array.isArray(s.needs) ? s.needs.filter((n): n is string => typeof n === 'string') : [],
  }))
  const ancestors = ancestorSets(steps)
  const issues: SpecIssue[] = []
  rawSteps.forEach((entry: unknown, index) => {
    if (!isRecord(entry) || !isRecord(entry.on_check_fail) || typeof entry.id !== 'string') return
    if (entry.check === undefined) {
      issues.push(issueAt(locate, ['steps', index, 'on_check_fail'], 'on_check_fail needs a check on the same step', true))
    }
    const target = entry.on_check_fail.rerun
    if (typeof target === 'string' && !ancestors.get(entry.id)?.has(target)) {
      issues.push(
        issueAt(
          locate,
          ['steps', index, 'on_check_fail', 'rerun'],
          `on_check_fail.rerun '${target}' is not upstream of '${entry.id}'; name a step in its needs (directly or transitively)`,
        ),
      )
    }
  })
  return issues
}
