/**
 * The terminal's answer at an approval gate: shows the step and the start of its prompt, then
 * asks approve / reject / edit prompt (edit opens $EDITOR on the prompt, then approves it).
 * Without an interactive terminal (or with --json) there is no asker: the run stops
 * `awaiting_approval` and `orchestrator approve|reject` continues it.
 */
import type { ApprovalAnswer, ApprovalAsk } from '../core/engine/job-plan'
import type { CliIo } from './cli-io'
import type { HoldProgress } from './run-output'

export function terminalApproval(io: CliIo, json: boolean, hold?: HoldProgress): ApprovalAsk | undefined {
  const ask = io.ask
  if (json || !ask) return undefined
  const edit = io.editText
  const question = async ({ step, prompt }: { step: string; prompt: string }): Promise<ApprovalAnswer> => {
    const preview = prompt.length > 600 ? `${prompt.slice(0, 600)}…` : prompt
    io.stdout.write(`\n⏸ step '${step}' needs approval before it starts. Its prompt:\n${preview.replace(/^/gm, '  │ ')}\n`)
    for (;;) {
      const answer = (await ask(`approve, reject or edit the prompt? [a/r${edit ? '/e' : ''}] `)).trim().toLowerCase()
      if (answer === 'a' || answer === 'approve' || answer === 'y' || answer === 'yes') return { decision: 'approve' }
      if (answer === 'r' || answer === 'reject' || answer === 'n' || answer === 'no')
        return { decision: 'reject', reason: 'rejected on the terminal' }
      if (edit && (answer === 'e' || answer === 'edit')) return { decision: 'approve', prompt: await edit(prompt) }
    }
  }
  return (request) => (hold ? hold(() => question(request)) : question(request))
}
