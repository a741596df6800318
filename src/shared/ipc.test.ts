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
        'providers.models',
        'providers.test',
        'runs.approve',
        'runs.cancel',
        'runs.compare',
        'runs.delete',
        'runs.estimate',
        'runs.export',
        'runs.file',
        'runs.folder',
        'runs.get',
        'runs.import',
        'runs.list',
        'runs.log',
        'runs.refused',
        'runs.reject',
        'runs.replay',
        'runs.rerun',
        'runs.resume',
        'runs.spec',
        'runs.start',
        'settings.get',
        'settings.set',
        'specs.list',
        'specs.read',
        'specs.save',
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
      const base =
        channel === 'runs.list' ||
        channel === 'settings.get' ||
        channel === 'settings.set' ||
        channel === 'app.info' ||
        channel === 'local.status' ||
        channel === 'specs.list'
          ? {}
          : undefined
      if (base) expect(req.safeParse({ ...base, unexpected: 1 }).success, channel).toBe(false)
      expect(req.safeParse(null).success, channel).toBe(false)
    }
  })

  it('accepts real model references for local.pull and refuses anything that could smuggle arguments or paths', () => {
    const req = invokeContract['local.pull'].req
    for (const model of ['qwen2.5-coder:7b', 'llama3', 'library/llama3.2:3b-instruct-q4_K_M', 'hf.co/bartowski/Qwen2.5-7B-GGUF:Q4_K_M']) {
      expect(req.safeParse({ model }).success, model).toBe(true)
    }
    for (const model of ['', ' llama3', '../etc', '-rf', 'a b', 'model:tag:extra', 'a//b', `${'m'.repeat(201)}`]) {
      expect(req.safeParse({ model }).success, model).toBe(false)
    }
  })
})
