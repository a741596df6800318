/**
 * Finds key-like strings pasted into a spec (an `sk-…` key, a `Bearer …` token, a `?key=` URL,
 * or the value of a *_API_KEY / *_TOKEN variable in the environment), by line, using the one
 * redactor's patterns. `validate` masks them in what it prints and names the lines; a run records
 * a warning (the redactor already masks them in inputs/ and every other sink).
 */
import { Redactor } from '../redact/redactor'

/** 1-based line numbers of `text` that hold a key-like string. */
export function keyLikeLines(text: string, env: NodeJS.ProcessEnv = {}): number[] {
  const redactor = Redactor.fromEnv(env)
  const lines: number[] = []
  text.split('\n').forEach((line, i) => {
    if (redactor.test(line)) lines.push(i + 1)
  })
  return lines
}

export function keyLikeWarning(specPath: string, lines: number[]): string {
  const where = lines.map((n) => `${specPath}:${n}`).join(', ')
  return `the spec holds what looks like an API key (${where}); it is masked as [REDACTED] everywhere it is written or shown — put keys in the environment (e.g. OPENAI_API_KEY) or the app's Settings, not in the spec`
}
