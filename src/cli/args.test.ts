import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { commonFlagShape, parseCommandArgs, positiveIntFlag, type CommandSpec } from './args'
import { UsageError } from './usage-error'

const schema = z.object({
  ...commonFlagShape,
  model: z.string().optional(),
  limit: positiveIntFlag(100).optional(),
  json: z.boolean().optional(),
})
const spec: CommandSpec<typeof schema> = {
  name: 'demo',
  summary: 'test command',
  positionals: [{ name: 'spec', description: 'a file' }],
  flags: {
    model: { type: 'string', description: 'model' },
    limit: { type: 'string', description: 'limit' },
    json: { type: 'boolean', description: 'json' },
  },
  schema,
}

function usageMessage(argv: string[]): string {
  try {
    parseCommandArgs(spec, argv)
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError)
    expect((err as UsageError).kind).toBe('bad_input')
    return (err as UsageError).message
  }
  throw new Error('expected a usage error')
}

describe('parseCommandArgs', () => {
  it('parses flags, inline values and transforms numbers', () => {
    const parsed = parseCommandArgs(spec, ['a.yaml', '--model=qwen', '--limit', '5', '--json', '--runs-dir', 'x'])
    expect(parsed.positionals).toEqual(['a.yaml'])
    expect(parsed.flags).toEqual({ model: 'qwen', limit: 5, json: true, 'runs-dir': 'x' })
  })

  it('names an unknown flag', () => {
    expect(usageMessage(['a.yaml', '--modle', 'x'])).toContain('--modle')
  })

  it('names a string flag that lost its value', () => {
    expect(usageMessage(['a.yaml', '--model'])).toContain('--model needs a value')
    expect(usageMessage(['a.yaml', '--model', '--json'])).toContain('--model needs a value')
  })

  it('rejects a value on a boolean flag', () => {
    expect(usageMessage(['a.yaml', '--json=yes'])).toContain('--json takes no value')
  })

  it('names the flag and value that fail validation', () => {
    expect(usageMessage(['a.yaml', '--limit', 'ten'])).toBe("--limit 'ten': must be a whole number")
    expect(usageMessage(['a.yaml', '--limit', '0'])).toContain('at least 1')
  })

  it('checks positional counts', () => {
    expect(usageMessage([])).toContain('missing <spec>')
    expect(usageMessage(['a.yaml', 'b.yaml'])).toContain("unexpected argument 'b.yaml'")
  })
})
