import { describe, expect, it } from 'vitest'
import { renderPrompt, templateReferences, type PromptContext } from './template'

const ctx: PromptContext = {
  project: 'notes-api',
  task: 'Build a notes API',
  steps: {
    architect: { output: 'Two endpoints.', files: [{ path: 'DESIGN.md', content: '# Design\nGET /notes\n' }] },
    builder: {
      output: 'done',
      files: [
        { path: 'main.py', content: 'print("```")' },
        { path: 'requirements.txt', content: 'fastapi\n' },
      ],
    },
  },
}

describe('renderPrompt', () => {
  it('fills task, project and step outputs, with whitespace inside the braces', () => {
    expect(renderPrompt('{{project}}: {{ task }} / {{  steps.architect.output }}', ctx)).toBe(
      'notes-api: Build a notes API / Two endpoints.',
    )
  })

  it('renders files as headings with fenced blocks that survive backticks in content', () => {
    const out = renderPrompt('{{steps.builder.files}}', ctx)
    expect(out).toBe('### main.py\n````python\nprint("```")\n````\n\n### requirements.txt\n```text\nfastapi\n```')
    expect(renderPrompt('{{steps.architect.files}}', ctx)).toBe('### DESIGN.md\n```markdown\n# Design\nGET /notes\n```')
  })

  it('never expands placeholders that arrive inside inserted text', () => {
    const tricky: PromptContext = { ...ctx, task: 'use {{project}} and $& and $1', steps: { a: { output: '{{task}}', files: [] } } }
    expect(renderPrompt('{{task}} | {{steps.a.output}}', tricky)).toBe('use {{project}} and $& and $1 | {{task}}')
  })

  it('says so when an upstream step produced nothing', () => {
    expect(renderPrompt('{{steps.docs.files}} {{steps.docs.output}}', ctx)).toBe(
      "(step 'docs' wrote no files) (step 'docs' gave no answer text)",
    )
  })
})

describe('templateReferences', () => {
  it('lists referenced step ids once, in order of first use', () => {
    expect(templateReferences('{{task}} {{steps.builder.files}} {{ steps.architect.output }} {{steps.builder.output}} {{foo}}')).toEqual([
      'builder',
      'architect',
    ])
  })

  it('finds nothing in plain text', () => {
    expect(templateReferences('no placeholders { here }')).toEqual([])
  })
})
