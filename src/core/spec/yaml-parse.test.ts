import { describe, expect, it } from 'vitest'
import { parseSpecText } from './load-spec'
import { SpecError } from './spec-error'
import type { SpecIssue } from './types'

function specError(text: string): SpecError {
  try {
    parseSpecText(text, 'spec.yaml', {})
  } catch (err) {
    if (err instanceof SpecError) return err
    throw err
  }
  throw new Error('expected a SpecError')
}

function only(err: SpecError): SpecIssue {
  expect(err.issues).toHaveLength(1)
  return err.issues[0] as SpecIssue
}

const HEAD = 'project: notes-api\ntask: Build it\n'

describe('YAML syntax and safety', () => {
  it('reports tab indentation with line and column', () => {
    const err = specError(`${HEAD}defaults:\n\ttimeout_s: 3\n`)
    expect(err.kind).toBe('spec_invalid')
    expect(only(err)).toMatchObject({ line: 4, column: 1 })
    expect(err.message).toMatch(/^spec\.yaml:4:1: .*tabs/i)
  })

  it('reports an unclosed quote', () => {
    const issue = only(specError('project: "notes\ntask: x\n'))
    expect(issue.message).toMatch(/quote/i)
    expect(issue.line).toBeGreaterThanOrEqual(1)
  })

  it('reports a duplicate key at the second occurrence and names the first', () => {
    const issue = only(specError(`${HEAD}concurrency: 2\nproject: other\n`))
    expect(issue).toMatchObject({ line: 4, column: 1 })
    expect(issue.message).toMatch(/duplicate key 'project' \(first at line 1\)/)
  })

  it('reports duplicate keys inside nested mappings too', () => {
    const issue = only(specError(`${HEAD}defaults:\n  retries: 1\n  retries: 2\n`))
    expect(issue).toMatchObject({ line: 5, column: 3 })
  })

  it.each([
    ['!!js/function', `${HEAD}model: !!js/function "function () { return process.exit(1) }"\n`, 3],
    ['!foo', `project: !foo notes\ntask: x\n`, 1],
    ['!!binary', `${HEAD}model: !!binary aGVsbG8=\n`, 3],
  ])('rejects the custom tag %s', (_tag, text, line) => {
    const issue = only(specError(text))
    expect(issue.line).toBe(line)
    expect(issue.message).toMatch(/custom tags? .*not allowed/)
  })

  it('accepts standard core tags', () => {
    expect(parseSpecText(`${HEAD}model: !!str 7\n`, 's.yaml', {}).model).toBe('7')
  })

  it('rejects a billion-laughs alias bomb quickly', { timeout: 5000 }, () => {
    const rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for (const [prev, cur] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
      ['e', 'f'],
      ['f', 'g'],
      ['g', 'h'],
      ['h', 'i'],
    ]) {
      rows.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`)
    }
    const err = specError(`project: x\ntask: y\noutput_dir:\n${rows.map((r) => `  ${r}`).join('\n')}\n`)
    expect(only(err).message).toMatch(/aliases/)
  })

  it('allows a few ordinary aliases', () => {
    const text = `${HEAD}options: &o { temperature: 0.2 }\nagents:\n  a: { system: s, options: *o }\nsteps:\n  - { id: one, agent: a, prompt: p, options: *o }\n`
    expect(parseSpecText(text, 's.yaml', {}).steps[0]?.options.temperature).toBe(0.2)
  })

  it.each([
    ['10k-deep flow nesting', `${HEAD}model: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
    ['1 MiB of open brackets', `${HEAD}model: ${'['.repeat(1_000_000)}\n`],
    ['compact block sequences', `${HEAD}model:\n  ${'- '.repeat(300_000)}x\n`],
    ['deep block indentation', `${HEAD}${Array.from({ length: 1200 }, (_, i) => `${' '.repeat(i)}k:`).join('\n')}\n`],
  ])('rejects %s fast, naming the depth limit', { timeout: 5000 }, (_label, text) => {
    const issue = only(specError(text))
    expect(issue.message).toMatch(/deeper than 64 levels/)
    expect(issue.line).toBeGreaterThanOrEqual(3)
  })

  it('allows 64 levels and rejects 65 with the line of the offending node', () => {
    const nest = (depth: number) => `${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}`
    expect(specError(`${HEAD}output_dir:\n  ${nest(64)}\n`).message).not.toMatch(/deeper/)
    const issue = only(specError(`${HEAD}output_dir:\n  ${nest(65)}\n`))
    expect(issue.message).toMatch(/deeper than 64 levels/)
    expect(issue.line).toBe(4)
  })

  it.each([
    ['a list', '- project: x\n- task: y\n'],
    ['a single value', 'just some words\n'],
    ['only comments', '# project: x\n'],
  ])('rejects a top level that is %s', (_label, text) => {
    expect(only(specError(text)).message).toMatch(/top level must be a mapping/)
  })

  it('rejects several documents in one file', () => {
    const issue = only(specError(`${HEAD}---\nproject: other\n`))
    expect(issue.message).toMatch(/one YAML document/)
    expect(issue.line).toBe(3)
  })

  it('rejects mapping keys that are not text', () => {
    expect(only(specError(`${HEAD}? [a, b]\n: 1\n`)).message).toMatch(/keys must be plain text/)
  })

  it('reports __proto__ as an unknown key without touching prototypes', () => {
    const issue = only(specError(`${HEAD}__proto__: { polluted: true }\n`))
    expect(issue.message).toMatch(/unknown key '__proto__'/)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
