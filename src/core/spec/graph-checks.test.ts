import { describe, expect, it } from 'vitest'
import { parseSpecText } from './load-spec'
import { SpecError } from './spec-error'

function specError(steps: string): SpecError {
  try {
    parseSpecText(`project: p\ntask: t\nagents: { a: { system: s } }\nsteps:\n${steps}`, 'spec.yaml', {})
  } catch (err) {
    if (err instanceof SpecError) return err
    throw err
  }
  throw new Error('expected a SpecError')
}

// Steps start on line 5 of the spec.
describe('graph validation', () => {
  it('names both positions of a duplicate step id', () => {
    const err = specError(
      '  - { id: build, agent: a, prompt: go }\n  - { id: test, agent: a, prompt: go }\n  - { id: build, agent: a, prompt: go }\n',
    )
    expect(err.issues).toEqual([
      expect.objectContaining({
        path: 'steps[2].id',
        line: 7,
        message: expect.stringMatching(/duplicate step id 'build', also used by steps\[0\] \(line 5\)/),
      }),
    ])
  })

  it('rejects an unknown dependency and suggests the closest id', () => {
    const err = specError('  - { id: design, agent: a, prompt: go }\n  - { id: build, agent: a, prompt: go, needs: [desing] }\n')
    expect(err.issues).toEqual([
      expect.objectContaining({ path: 'steps[1].needs[0]', line: 6, message: "unknown step 'desing'; did you mean 'design'?" }),
    ])
    expect(err.message).toContain("spec.yaml:6:48: steps[1].needs[0]: unknown step 'desing'; did you mean 'design'?")
  })

  it('lists the known ids when nothing is close', () => {
    const err = specError('  - { id: design, agent: a, prompt: go }\n  - { id: build, agent: a, prompt: go, needs: [xyz] }\n')
    expect(err.issues[0]?.message).toBe("unknown step 'xyz'; known steps: design, build")
  })

  it('rejects a step that needs itself', () => {
    const err = specError('  - { id: loop, agent: a, prompt: go, needs: [loop] }\n')
    expect(err.issues).toEqual([
      expect.objectContaining({ path: 'steps[0].needs[0]', message: expect.stringMatching(/cannot need itself/) }),
    ])
  })

  it('names a cycle as a path', () => {
    const err = specError(
      '  - { id: a, agent: a, prompt: go, needs: [b] }\n  - { id: b, agent: a, prompt: go, needs: [c] }\n  - { id: c, agent: a, prompt: go, needs: [a] }\n  - { id: d, agent: a, prompt: go }\n',
    )
    expect(err.issues).toEqual([
      expect.objectContaining({ path: 'steps[0].needs', line: 5, message: 'cycle: a → b → c → a; remove one of these needs' }),
    ])
  })

  it('rejects a template reference to a step that is not upstream', () => {
    const err = specError(`  - { id: architect, agent: a, prompt: go }
  - { id: builder, agent: a, prompt: go, needs: [architect] }
  - { id: qa, agent: a, prompt: go, needs: [builder] }
  - id: docs
    agent: a
    needs: [architect]
    prompt: "Summarise {{ steps.architect.output }} and {{steps.qa.output}}"
`)
    expect(err.issues).toEqual([
      expect.objectContaining({
        path: 'steps[3].prompt',
        line: 11,
        message: "references step 'qa' which is not upstream of 'docs'; add it to needs",
      }),
    ])
  })

  it('accepts references to transitive ancestors', () => {
    const spec = parseSpecText(
      `project: p
task: t
agents: { a: { system: s } }
steps:
  - { id: one, agent: a, prompt: go }
  - { id: two, agent: a, prompt: go, needs: [one] }
  - { id: three, agent: a, prompt: "{{steps.one.files}} {{steps.two.output}}", needs: [two] }
`,
      's',
      {},
    )
    expect(spec.steps.map((s) => s.id)).toEqual(['one', 'two', 'three'])
  })

  it('rejects unknown placeholders, unknown steps and self references in prompts', () => {
    const err = specError('  - { id: one, agent: a, prompt: "{{tasks}} {{steps.one.output}} {{steps.nope.files}} {{steps.one.text}}" }\n')
    const messages = err.issues.map((i) => i.message)
    expect(err.issues.every((i) => i.path === 'steps[0].prompt' && i.line === 5)).toBe(true)
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/unknown placeholder '\{\{tasks\}\}'/),
        expect.stringMatching(/references its own step 'one'/),
        expect.stringMatching(/references unknown step 'nope'/),
        expect.stringMatching(/unknown placeholder '\{\{steps\.one\.text\}\}'/),
      ]),
    )
  })

  it('collects graph and schema issues in one error', () => {
    const err = specError('  - { id: a, agent: a, prompt: go, needs: [zz], retries: -1 }\n  - { id: a, agent: a, prompt: go }\n')
    expect(err.issues.map((i) => i.path).sort()).toEqual(['steps[0].needs[0]', 'steps[0].retries', 'steps[1].id'])
  })
})
