import { describe, expect, it } from 'vitest'
import { OrchestratorError } from '../errors'
import { describeGraph, findCycle, graphLevels, topologicalOrder } from './graph'
import { parseSpecText } from './load-spec'

const team = [
  { id: 'architect', needs: [] },
  { id: 'builder', needs: ['architect'] },
  { id: 'docs', needs: ['architect'] },
  { id: 'qa', needs: ['builder', 'docs'] },
]

describe('graphLevels', () => {
  it('groups the software team into levels', () => {
    expect(graphLevels(team)).toEqual([['architect'], ['builder', 'docs'], ['qa']])
  })

  it('puts a step one level below its deepest dependency', () => {
    const steps = [
      { id: 'a', needs: [] },
      { id: 'b', needs: ['a'] },
      { id: 'c', needs: ['b'] },
      { id: 'd', needs: ['a', 'c'] },
      { id: 'e', needs: [] },
    ]
    expect(graphLevels(steps)).toEqual([['a', 'e'], ['b'], ['c'], ['d']])
  })

  it('throws a typed error on a cycle or an unknown dependency', () => {
    const cyclic = [
      { id: 'a', needs: ['b'] },
      { id: 'b', needs: ['a'] },
    ]
    expect(() => graphLevels(cyclic)).toThrow(OrchestratorError)
    expect(() => graphLevels(cyclic)).toThrow(/cycle: a → b → a/)
    expect(() => graphLevels([{ id: 'a', needs: ['x'] }])).toThrow(/unknown step 'x'/)
  })
})

describe('topologicalOrder and findCycle', () => {
  it('keeps input order among ready steps', () => {
    expect(
      topologicalOrder([
        { id: 'qa', needs: ['docs'] },
        { id: 'docs', needs: [] },
        { id: 'x', needs: [] },
      ]),
    ).toEqual(['docs', 'qa', 'x'])
  })

  it('returns no cycle for a DAG', () => {
    expect(findCycle(team)).toBeUndefined()
  })
})

describe('describeGraph', () => {
  it('describes the built-in graph: project, shortened task, levels, parallel steps', () => {
    const task = `Build a notes REST API. ${'Lots of detail. '.repeat(30)}`
    const text = describeGraph(parseSpecText(`project: notes-api\ntask: ${task}\n`, 's', {}))
    expect(text).toContain('Project: notes-api')
    const taskLine = text.split('\n').find((l) => l.startsWith('Task: ')) ?? ''
    expect(taskLine.length).toBeLessThan(140)
    expect(taskLine).toMatch(/…$/)
    expect(text).toMatch(/Level 1: architect\n/)
    expect(text).toMatch(/Level 2: builder, docs \(builder and docs run in parallel\)/)
    expect(text).toMatch(/Level 3: qa\n/)
    expect(text).toMatch(/qa: agent qa \(QA engineer\); needs builder, docs/)
    expect(text).toMatch(/built-in/)
  })

  it('shows provider and model where a step sets them', () => {
    const text = describeGraph(
      parseSpecText(
        'project: p\ntask: t\nconcurrency: 1\nagents: { a: { system: s } }\nsteps:\n  - { id: one, agent: a, prompt: go, provider: ollama, model: "qwen2.5-coder:7b" }\n  - { id: two, agent: a, prompt: go }\n',
        's',
        {},
      ),
    )
    expect(text).toMatch(/one: agent a \(A\); needs nothing; provider ollama; model qwen2\.5-coder:7b/)
    expect(text).toMatch(/two: agent a \(A\); needs nothing$/m)
    expect(text).toMatch(/could run in parallel; concurrency is 1/)
  })
})
