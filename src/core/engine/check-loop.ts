/**
 * The QA fix loop's pieces: which steps run again between the step that fixes and the step whose
 * check failed (downstream of the first, upstream of the second, in spec order), the new turn the
 * fixing step gets (its own last answer, then the check's failing output, bounded), and reading
 * that output's tail from the check artifact.
 */
import { join } from 'node:path'
import { readTail } from '../fs/read-tail'
import type { ChatMessage } from '../providers/types'
import { ancestorSets } from '../spec/graph'
import type { ResolvedStep } from '../spec/types'

/** How much of a failing check's output goes back to the model. */
const CHECK_REPORT_BYTES = 4096

export function betweenSteps(steps: readonly ResolvedStep[], from: string, to: string): string[] {
  const ancestors = ancestorSets([...steps])
  const upstreamOfTo = ancestors.get(to) ?? new Set<string>()
  return steps.filter((s) => s.id !== from && upstreamOfTo.has(s.id) && (ancestors.get(s.id)?.has(from) ?? false)).map((s) => s.id)
}

/** The last CHECK_REPORT_BYTES of artifacts/<step>-check.txt (what a failing test run ends with). */
export function checkReport(artifactsDir: string, stepId: string): string {
  const tail = readTail(join(artifactsDir, `${stepId}-check.txt`), CHECK_REPORT_BYTES)
  if (!tail) return '(the check left no output)'
  return tail.skippedBytes > 0 ? `[… ${tail.skippedBytes} earlier bytes left out]\n${tail.text}` : tail.text
}

export function fixTurns(previousAnswer: string, report: string, checkStep: ResolvedStep, round: number, total: number): ChatMessage[] {
  const command = (checkStep.check ?? []).join(' ')
  return [
    { role: 'assistant', content: previousAnswer || 'Done.' },
    {
      role: 'user',
      content: [
        `The check \`${command}\` of step '${checkStep.id}' failed on the project (fix round ${round} of ${total}). The end of its output:`,
        '',
        '```',
        report.trimEnd(),
        '```',
        '',
        'Fix the code so the check passes: call write_file with the complete new content of every file that must change. Do not weaken or delete the tests.',
      ].join('\n'),
    },
  ]
}
