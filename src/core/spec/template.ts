/**
 * Prompt templates. Placeholders: `{{task}}`, `{{project}}`, `{{steps.<id>.output}}` (the step's
 * final answer) and `{{steps.<id>.files}}` (every file the step wrote, as `### path` and a fenced
 * block). Whitespace inside the braces is allowed. Rendering is one pass: text inserted for a
 * placeholder is never expanded again, so model output cannot inject placeholders.
 */

export interface PromptContext {
  project: string
  task: string
  steps: Record<string, { output: string; files: { path: string; content: string }[] }>
}

export type Placeholder =
  | { kind: 'task' | 'project'; raw: string; index: number }
  | { kind: 'output' | 'files'; step: string; raw: string; index: number }
  | { kind: 'unknown'; raw: string; index: number }

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g
const STEP_REF = /^steps\.([a-z][a-z0-9_-]{0,63})\.(output|files)$/

function classify(inner: string, raw: string, index: number): Placeholder {
  const name = inner.trim()
  if (name === 'task' || name === 'project') return { kind: name, raw, index }
  const m = STEP_REF.exec(name)
  if (m?.[1] && (m[2] === 'output' || m[2] === 'files')) return { kind: m[2], step: m[1], raw, index }
  return { kind: 'unknown', raw, index }
}

export function parsePlaceholders(template: string): Placeholder[] {
  const out: Placeholder[] = []
  for (const m of template.matchAll(PLACEHOLDER)) out.push(classify(m[1] ?? '', m[0], m.index ?? 0))
  return out
}

/** Step ids referenced by the template, unique, in order of first use. */
export function templateReferences(template: string): string[] {
  const ids: string[] = []
  for (const p of parsePlaceholders(template)) {
    if ((p.kind === 'output' || p.kind === 'files') && !ids.includes(p.step)) ids.push(p.step)
  }
  return ids
}

const LANGUAGES: Record<string, string> = {
  py: 'python',
  md: 'markdown',
  txt: 'text',
  json: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  toml: 'toml',
  ts: 'typescript',
  js: 'javascript',
  html: 'html',
  css: 'css',
  sh: 'bash',
  sql: 'sql',
  ini: 'ini',
  cfg: 'ini',
}

function fenceFor(content: string): string {
  let longest = 0
  for (const m of content.matchAll(/`+/g)) longest = Math.max(longest, m[0].length)
  return '`'.repeat(Math.max(3, longest + 1))
}

function renderFiles(files: { path: string; content: string }[]): string {
  return files
    .map((file) => {
      const ext = /\.([A-Za-z0-9]+)$/.exec(file.path)?.[1]?.toLowerCase() ?? ''
      const fence = fenceFor(file.content)
      const body = file.content.endsWith('\n') ? file.content : `${file.content}\n`
      return `### ${file.path}\n${fence}${LANGUAGES[ext] ?? ''}\n${body}${fence}`
    })
    .join('\n\n')
}

export function renderPrompt(template: string, ctx: PromptContext): string {
  return template.replace(PLACEHOLDER, (raw: string, inner: string) => {
    const p = classify(inner, raw, 0)
    switch (p.kind) {
      case 'task':
        return ctx.task
      case 'project':
        return ctx.project
      case 'output': {
        const step = ctx.steps[p.step]
        return step && step.output.trim() !== '' ? step.output : `(step '${p.step}' gave no answer text)`
      }
      case 'files': {
        const step = ctx.steps[p.step]
        return step && step.files.length > 0 ? renderFiles(step.files) : `(step '${p.step}' wrote no files)`
      }
      case 'unknown':
        return raw
    }
  })
}
