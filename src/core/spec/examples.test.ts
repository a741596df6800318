import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { describeGraph, graphLevels } from './graph'
import { loadSpecFile } from './load-spec'

const example = (name: string): string => fileURLToPath(new URL(`../../../examples/${name}`, import.meta.url))

describe('examples', () => {
  it("tiny_spec.yaml (the original tool's format) runs the built-in graph", async () => {
    const spec = await loadSpecFile(example('tiny_spec.yaml'), {})
    expect(spec.builtin_graph).toBe(true)
    expect(spec.project).toBe('notes-api')
    expect(spec.task_description).toMatch(/notes/)
    expect(spec.steps.map((s) => s.id)).toEqual(['architect', 'builder', 'docs', 'qa'])
    expect(graphLevels(spec.steps)).toEqual([['architect'], ['builder', 'docs'], ['qa']])
    expect(spec.steps.every((s) => s.mustWriteFiles)).toBe(true)
  })

  it('notes_api.yaml spells out exactly the built-in graph', async () => {
    const written = await loadSpecFile(example('notes_api.yaml'), {})
    const tiny = await loadSpecFile(example('tiny_spec.yaml'), {})
    expect(written.builtin_graph).toBe(false)
    expect(written.provider).toBe('auto')
    expect(written.task_description).toBe(tiny.task_description)
    const shape = (s: (typeof written.steps)[number]) => ({
      id: s.id,
      agent: s.agent,
      role: s.role,
      needs: s.needs,
      prompt: s.prompt,
      system: s.system,
      tools: s.tools,
      mustWriteFiles: s.mustWriteFiles,
      timeout_s: s.timeout_s,
      retries: s.retries,
      max_turns: s.max_turns,
      check: s.check,
    })
    expect(written.steps.map(shape)).toEqual(tiny.steps.map(shape))
  })

  it('describes the built-in graph with builder and docs in parallel', async () => {
    const text = describeGraph(await loadSpecFile(example('tiny_spec.yaml'), {}))
    expect(text).toContain('Project: notes-api')
    expect(text).toMatch(/builder and docs run in parallel/)
    expect(text).toMatch(/qa: .*needs builder, docs/)
  })
})
