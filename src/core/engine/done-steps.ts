/**
 * Results of steps that are not run again (a resumed job's finished steps, a rerun's reused
 * ones) as prompt templates see them: the final answer from artifacts/<step>.md and the files
 * the step wrote (read only when a template asks for them). Also what they cost when they ran,
 * which is what reusing them saves.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Manifest } from '../../shared/manifest'
import { addCost } from '../../shared/cost'
import type { PromptContext } from '../spec/template'

export type StepContext = PromptContext['steps'][string]

/** The step's answer as the artifact kept it (the artifact adds one final newline). */
function readOutput(runDir: string, stepId: string): string {
  try {
    const text = readFileSync(join(runDir, 'artifacts', `${stepId}.md`), 'utf8')
    return text.endsWith('\n') ? text.slice(0, -1) : text
  } catch {
    return ''
  }
}

/** `outputsDir` is where the step's files are now (the job's own, or a rerun's restored copy). */
export function doneStepContext(manifest: Manifest, runDir: string, outputsDir: string, stepId: string): StepContext {
  let files: StepContext['files'] | undefined
  return {
    output: readOutput(runDir, stepId),
    get files() {
      files ??= manifest.files
        .filter((f) => f.step === stepId)
        .map((f) => ({ path: f.path, content: readFileSync(join(outputsDir, f.path), 'utf8') }))
      return files
    },
  }
}

/** Tokens and USD the steps cost (live and from the cache) when they ran. */
export function stepsCost(manifest: Manifest, ids: Iterable<string>): { tokens: number; usd: number | null } {
  let tokens = 0
  let usd: number | null = 0
  for (const id of ids) {
    const step = Object.hasOwn(manifest.steps, id) ? manifest.steps[id] : undefined
    if (!step) continue
    tokens += step.usage.prompt_tokens + step.usage.completion_tokens + step.saved_tokens
    usd = addCost(addCost(usd, step.cost_usd), step.saved_usd)
  }
  return { tokens, usd }
}
