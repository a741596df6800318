import { describe, expect, it } from 'vitest'
import { OrchestratorError } from '../errors'
import { LocalPulls, type PullFn, type PullPush } from './local-pulls'

const HOST = 'http://127.0.0.1:1'

function setup(pull: PullFn, now?: () => number) {
  const sent: PullPush[] = []
  const unexpected: unknown[] = []
  const pulls = new LocalPulls({ emit: (p) => sent.push(p), pull, now, intervalMs: 100, onUnexpectedError: (e) => unexpected.push(e) })
  return { pulls, sent, unexpected }
}

async function settle(pulls: LocalPulls): Promise<void> {
  for (let i = 0; i < 200 && pulls.active().length > 0; i++) await new Promise((r) => setTimeout(r, 5))
  expect(pulls.active()).toEqual([])
}

describe('LocalPulls', () => {
  it('sends at most one progress message per interval, then exactly one final done message', async () => {
    let clock = 0
    const { pulls, sent } = setup(
      async (_h, _m, onProgress) => {
        for (let i = 1; i <= 200; i++) {
          clock += 5
          onProgress({ status: 'pulling abc', total: 200, completed: i })
        }
        onProgress({ status: 'success' })
      },
      () => clock,
    )
    expect(pulls.start(HOST, 'llama3')).toBe(true)
    await settle(pulls)
    const progress = sent.filter((p) => !p.done)
    // 1000 clock ms of progress at one message per 100 ms: the first, then one per interval.
    expect(progress.length).toBeGreaterThanOrEqual(5)
    expect(progress.length).toBeLessThanOrEqual(11)
    expect(sent.filter((p) => p.done)).toHaveLength(1)
    expect(sent.at(-1)).toEqual({ model: 'llama3', status: 'success', completed: 200, total: 200, done: true })
  })

  it('sends the latest dropped update when the interval ends, so a slow stream does not look stuck', async () => {
    let release: () => void = () => undefined
    const { pulls, sent } = setup(async (_h, _m, onProgress) => {
      onProgress({ status: 'pulling', total: 10, completed: 1 })
      onProgress({ status: 'pulling', total: 10, completed: 7 })
      await new Promise<void>((r) => (release = r))
    })
    pulls.start(HOST, 'llama3')
    for (let i = 0; i < 100 && sent.length < 2; i++) await new Promise((r) => setTimeout(r, 10))
    expect(sent.map((p) => p.completed)).toEqual([1, 7])
    release()
    await settle(pulls)
  })

  it('runs one pull per model at a time (name and name:latest are the same model)', async () => {
    let release: () => void = () => undefined
    const started: string[] = []
    const { pulls, sent } = setup(async (_h, model) => {
      started.push(model)
      await new Promise<void>((r) => (release = r))
    })
    expect(pulls.start(HOST, 'llama3')).toBe(true)
    expect(pulls.start(HOST, 'llama3:latest')).toBe(false)
    expect(pulls.active()).toEqual(['llama3:latest'])
    release()
    await settle(pulls)
    expect(started).toEqual(['llama3'])
    expect(sent.at(-1)?.done).toBe(true)
    expect(pulls.start(HOST, 'llama3')).toBe(true)
    release()
    await settle(pulls)
  })

  it('reports a typed failure in the final message and a bug only as a generic message', async () => {
    const typed = setup(async (_h, _m, onProgress) => {
      onProgress({ status: 'pulling', total: 10, completed: 3 })
      throw new OrchestratorError({
        kind: 'model_not_found',
        retryable: false,
        message: "Ollama could not pull 'nope': file does not exist",
      })
    })
    typed.pulls.start(HOST, 'nope')
    await settle(typed.pulls)
    expect(typed.sent.at(-1)).toEqual({
      model: 'nope',
      status: 'failed',
      completed: 3,
      total: 10,
      done: true,
      error: "Ollama could not pull 'nope': file does not exist",
    })
    expect(typed.unexpected).toEqual([])

    const bug = setup(async () => {
      throw new TypeError('internal detail')
    })
    bug.pulls.start(HOST, 'x')
    await settle(bug.pulls)
    expect(bug.sent.at(-1)?.error).not.toContain('internal detail')
    expect(bug.unexpected).toHaveLength(1)
  })

  it('cancelAll aborts running pulls and resolves after their final messages', async () => {
    const { pulls, sent } = setup(async (_h, _m, _p, { signal }) => {
      await new Promise<void>((_r, reject) =>
        signal.addEventListener('abort', () => reject(new OrchestratorError({ kind: 'aborted', retryable: false, message: 'cancelled' }))),
      )
    })
    pulls.start(HOST, 'a')
    pulls.start(HOST, 'b')
    await pulls.cancelAll()
    expect(sent.filter((p) => p.done).map((p) => [p.model, p.error])).toEqual([
      ['a', 'cancelled'],
      ['b', 'cancelled'],
    ])
    expect(pulls.active()).toEqual([])
  })
})
