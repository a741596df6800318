import { describe, expect, it } from 'vitest'
import { INVOKE_CHANNELS, invokeContract, PUSH_CHANNELS } from './ipc'

describe('IPC contract surface', () => {
  it('pins the exact sorted list of invoke and push channels (a new surface shows up in review)', () => {
    expect({ invoke: INVOKE_CHANNELS, push: PUSH_CHANNELS }).toEqual({
      invoke: [
        'app.info',
        'examples.read',
        'graph.validate',
        'local.pull',
        'local.status',
        'outputs.read',
        'outputs.reveal',
        'outputs.tree',
        'runs.cancel',
        'runs.get',
        'runs.list',
        'runs.log',
        'runs.start',
        'settings.get',
        'settings.set',
      ],
      push: ['local.pull', 'run.event', 'spec.open'],
    })
  })

  it('names channels domain.verb', () => {
    for (const c of [...INVOKE_CHANNELS, ...PUSH_CHANNELS]) expect(c).toMatch(/^[a-z]+\.[a-z]+$/)
  })

  it('gives every invoke channel a strict request schema', () => {
    for (const channel of INVOKE_CHANNELS) {
      const { req, res } = invokeContract[channel]
      expect(res, channel).toBeDefined()
      const base = channel === 'runs.list' || channel === 'settings.get' || channel === 'settings.set' || channel === 'app.info' || channel === 'local.status' ? {} : undefined
      if (base) expect(req.safeParse({ ...base, unexpected: 1 }).success, channel).toBe(false)
      expect(req.safeParse(null).success, channel).toBe(false)
    }
  })
})
