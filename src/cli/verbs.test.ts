import { describe, expect, it } from 'vitest'
import { VERBS, findVerb } from './verbs'

describe('VERBS', () => {
  it('each entry loads a command whose spec has the same name, summary and aliases', async () => {
    for (const verb of VERBS) {
      const command = await verb.load()
      expect(command.spec.name, verb.name).toBe(verb.name)
      expect(command.spec.summary, verb.name).toBe(verb.summary)
      expect(command.spec.aliases ?? [], verb.name).toEqual(verb.aliases ?? [])
    }
  })

  it('names are unique and aliases find their verb', () => {
    const names = VERBS.flatMap((v) => [v.name, ...(v.aliases ?? [])])
    expect(new Set(names).size).toBe(names.length)
    expect(findVerb('list-runs')?.name).toBe('list')
    expect(findVerb('nope')).toBeUndefined()
  })
})
