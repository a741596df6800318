import { describe, expect, it } from 'vitest'
import { parseSpecText } from './load-spec'
import { SpecError } from './spec-error'

function specError(text: string, env: NodeJS.ProcessEnv = {}): SpecError {
  try {
    parseSpecText(text, 'spec.yaml', env)
  } catch (err) {
    if (err instanceof SpecError) return err
    throw err
  }
  throw new Error('expected a SpecError')
}

const paths = (err: SpecError) => err.issues.map((i) => i.path)

const CUSTOM = `project: p
task: t
agents:
  writer: { system: You write., tools: [write_file] }
steps:
  - { id: one, agent: writer, prompt: go }
`

describe("the original tool's tiny spec", () => {
  it('accepts every original key with its meaning', () => {
    const spec = parseSpecText(
      'project: notes-api\ntask_description: Build a notes API\nprovider: ollama\nconcurrency: 2\ntimeout_s: 900\noutput_dir: src/generated\n',
      'tiny.yaml',
      {},
    )
    expect(spec).toMatchObject({
      project: 'notes-api',
      task_description: 'Build a notes API',
      provider: 'ollama',
      concurrency: 2,
      run_timeout_s: 900,
      builtin_graph: true,
    })
    expect(spec.steps.map((s) => s.provider)).toEqual(['ollama', 'ollama', 'ollama', 'ollama'])
  })

  it('uses the documented defaults', () => {
    const spec = parseSpecText('project: p\ntask: t\n', 'p.yaml', {})
    expect(spec.concurrency).toBe(4)
    expect(spec.run_timeout_s).toBeUndefined()
    expect(spec.provider).toBeUndefined()
    expect(spec.steps[0]).toMatchObject({ timeout_s: 120, retries: 3, max_turns: 8, options: {} })
    expect(spec.steps[0]?.provider).toBeUndefined()
  })

  it('needs exactly one of task and task_description', () => {
    const both = specError('project: p\ntask: a\ntask_description: b\n')
    expect(both.issues).toEqual([
      expect.objectContaining({ path: 'task', line: 2, message: expect.stringMatching(/either task or task_description/) }),
    ])
    const neither = specError('project: p\n')
    expect(neither.message).toMatch(/missing required key 'task'/)
  })
})

describe('schema issues', () => {
  it('lists every issue with its path and line, not just the first', () => {
    const err = specError(`project: p
tsak: t
concurrency: 0
options: { temprature: 0.5 }
agents:
  writer: { system: s, tools: [write_file, delete_all] }
steps:
  - { id: one, agent: writer, prompt: go }
  - { id: two, agent: writer, prompt: go, needs: [one] }
  - { id: three, agent: writer, prompt: go, provider: 5 }
`)
    expect(err.kind).toBe('spec_invalid')
    const byPath = Object.fromEntries(err.issues.map((i) => [i.path, i]))
    expect(byPath['tsak']).toMatchObject({ line: 2, column: 1, message: "unknown key 'tsak'; did you mean 'task'?" })
    expect(byPath['concurrency']).toMatchObject({ line: 3, message: 'must be at least 1' })
    expect(byPath['options.temprature']).toMatchObject({ line: 4, message: expect.stringMatching(/did you mean 'temperature'/) })
    expect(byPath['agents.writer.tools[1]']).toMatchObject({ line: 6, message: expect.stringMatching(/write_file, read_file, list_files/) })
    expect(byPath['steps[2].provider']).toMatchObject({ line: 10, message: expect.stringMatching(/expected text, got the number 5/) })
    expect(byPath['']).toMatchObject({ message: expect.stringMatching(/missing required key 'task'/) })
    expect(err.message).toContain('spec.yaml:10:')
  })

  it('names missing keys and points at the nearest parent', () => {
    const err = specError(`${CUSTOM}  - { id: two, agent: writer }\n`)
    expect(err.issues).toEqual([expect.objectContaining({ path: 'steps[1].prompt', line: 7, message: "missing required key 'prompt'" })])
  })

  it('checks names of steps and agents', () => {
    const err = specError('project: p\ntask: t\nagents:\n  Writer: { system: s }\nsteps:\n  - { id: 1st, agent: Writer, prompt: go }\n')
    expect(paths(err)).toEqual(expect.arrayContaining(['agents.Writer', 'steps[0].id', 'steps[0].agent']))
    expect(err.issues.find((i) => i.path === 'agents.Writer')?.line).toBe(4)
  })

  it('rejects agents without steps, and steps without agents', () => {
    expect(specError('project: p\ntask: t\nagents:\n  a: { system: s }\n').issues).toEqual([
      expect.objectContaining({ path: 'agents', line: 3, message: expect.stringMatching(/without steps/) }),
    ])
    expect(paths(specError('project: p\ntask: t\nsteps:\n  - { id: one, agent: a, prompt: go }\n'))).toContain('steps')
  })

  it('rejects a step naming an unknown agent, suggesting the closest', () => {
    const err = specError(`${CUSTOM}  - { id: two, agent: witer, prompt: go }\n`)
    expect(err.issues).toEqual([
      expect.objectContaining({ path: 'steps[1].agent', line: 7, message: "unknown agent 'witer'; did you mean 'writer'?" }),
    ])
  })

  it('rejects an unknown provider where it is written (line:column), suggesting the near one', () => {
    const err = specError(`${CUSTOM.replace('task: t', 'task: t\nprovider: opneai')}`)
    expect(paths(err)).toEqual(['provider'])
    expect(err.issues[0]).toMatchObject({ line: 3, column: 11 })
    expect(err.message).toContain("spec.yaml:3:11: provider: unknown provider 'opneai'; did you mean 'openai'?")
    const inStep = specError(CUSTOM.replace('prompt: go }', 'prompt: go, provider: my-llm }'))
    expect(inStep.issues.map((i) => [i.path, i.line])).toEqual([['steps[0].provider', 6]])
    expect(paths(specError('project: p\ntask: t\nprovider: Open AI\n'))).toEqual(['provider'])
  })

  it('accepts a provider an embedding app injects by name', () => {
    const spec = parseSpecText(CUSTOM.replace('task: t', 'task: t\nprovider: my-llm_2'), 's', {}, { extraProviders: ['my-llm_2'] })
    expect(spec.provider).toBe('my-llm_2')
  })
})

describe('resolution', () => {
  const layered = `project: p
task: t
provider: ollama
model: spec-model
options: { temperature: 0.1, top_p: 0.9, num_ctx: 4096 }
defaults: { timeout_s: 60, retries: 1 }
agents:
  a: { system: s, provider: openai, options: { temperature: 0.5, seed: 7 } }
  b: { system: s, model: agent-model }
steps:
  - { id: first, agent: a, prompt: go, options: { temperature: 0.9 }, model: step-model, timeout_s: 5 }
  - { id: second, agent: b, prompt: go, needs: [first], provider: demo, max_turns: 3 }
  - { id: third, agent: b, prompt: go, retries: 0 }
`

  it('merges options spec < agent < step and picks provider/model step > agent > spec', () => {
    const spec = parseSpecText(layered, 's.yaml', {})
    const [first, second, third] = spec.steps
    expect(first).toMatchObject({
      id: 'first',
      provider: 'openai',
      model: 'step-model',
      options: { temperature: 0.9, top_p: 0.9, num_ctx: 4096, seed: 7 },
    })
    expect(second).toMatchObject({ id: 'second', provider: 'demo', model: 'agent-model', options: { temperature: 0.1 } })
    expect(third).toMatchObject({ id: 'third', provider: 'ollama', model: 'agent-model' })
    expect(first).toMatchObject({ timeout_s: 5, retries: 1, max_turns: 8 })
    expect(second).toMatchObject({ timeout_s: 60, retries: 1, max_turns: 3 })
    expect(third).toMatchObject({ retries: 0 })
    expect(spec.options).toEqual({ temperature: 0.1, top_p: 0.9, num_ctx: 4096 })
  })

  it('fills agent defaults: role from the key, all tools, must_write_files false', () => {
    const step = parseSpecText(
      'project: p\ntask: t\nagents:\n  reviewer: { system: s }\nsteps:\n  - { id: r, agent: reviewer, prompt: go }\n',
      's',
      {},
    ).steps[0]
    expect(step).toMatchObject({ role: 'Reviewer', tools: ['write_file', 'read_file', 'list_files'], mustWriteFiles: false, needs: [] })
  })

  it('orders steps topologically, keeping spec order among ready steps', () => {
    const spec = parseSpecText(
      `project: p
task: t
agents: { a: { system: s } }
steps:
  - { id: z, agent: a, prompt: go, needs: [y] }
  - { id: c, agent: a, prompt: go }
  - { id: y, agent: a, prompt: go, needs: [b] }
  - { id: b, agent: a, prompt: go }
  - { id: a, agent: a, prompt: go }
`,
      's',
      {},
    )
    expect(spec.steps.map((s) => s.id)).toEqual(['c', 'b', 'y', 'z', 'a'])
  })
})

describe('environment variables of the original tool', () => {
  const env = {
    TIMEOUT_S: '300',
    MAX_RETRIES: '5',
    TEMPERATURE: '0.3',
    TOP_P: '0.8',
    MAX_TOKENS: '1000',
    OLLAMA_NUM_THREAD: '14',
    OLLAMA_NUM_BATCH: '2048',
    OLLAMA_NUM_CTX: '16384',
    OLLAMA_NUM_GPU: '40',
    OLLAMA_NUM_PREDICT: '-1',
  }

  it('fill values the spec leaves unset', () => {
    const spec = parseSpecText('project: p\ntask: t\n', 's', env)
    expect(spec.steps[0]).toMatchObject({
      timeout_s: 300,
      retries: 5,
      options: {
        temperature: 0.3,
        top_p: 0.8,
        max_tokens: 1000,
        num_thread: 14,
        num_batch: 2048,
        num_ctx: 16384,
        num_gpu: 40,
        num_predict: -1,
      },
    })
  })

  it('lose to values in the spec', () => {
    const spec = parseSpecText('project: p\ntask: t\noptions: { temperature: 0 }\ndefaults: { timeout_s: 30, retries: 0 }\n', 's', env)
    expect(spec.steps[0]).toMatchObject({ timeout_s: 30, retries: 0, options: { temperature: 0, top_p: 0.8 } })
  })

  it('treat empty variables as unset', () => {
    expect(parseSpecText('project: p\ntask: t\n', 's', { TEMPERATURE: '', TIMEOUT_S: ' ' }).steps[0]).toMatchObject({
      timeout_s: 120,
      options: {},
    })
  })

  it('are reported by name when invalid, together with spec issues', () => {
    const err = specError('project: p\ntask: t\nconcurrency: -1\n', { TEMPERATURE: 'warm', MAX_RETRIES: '2.5', OLLAMA_NUM_CTX: '0' })
    expect(err.kind).toBe('spec_invalid')
    expect(err.message).toMatch(/TEMPERATURE="warm" is not a number/)
    expect(err.message).toMatch(/MAX_RETRIES="2.5" is not a whole number/)
    expect(err.message).toMatch(/OLLAMA_NUM_CTX=0 is out of range/)
    expect(paths(err)).toContain('concurrency')
  })
})
