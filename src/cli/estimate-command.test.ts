/**
 * `orchestrator estimate` and the cost line `run` prints first: per step and in total, tokens and
 * dollars from expected to worst case; local models cost $0.00, an unpriced model shows `?` with
 * the hint to price it, and a dollar cap over an unpriced model is refused (exit 2).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from './run-cli'
import { fakeIo } from './testing/fake-io'
import { testTempDir } from '../core/testing/test-temp-dir'

let dir: string | undefined

const SPEC = `project: est
task: build a thing
options: { max_tokens: 1000 }
defaults: { max_turns: 4 }
agents:
  writer: { role: Writer, system: You write files., tools: [write_file] }
steps:
  - { id: plan, agent: writer, prompt: "plan {{task}}" }
  - { id: build, agent: writer, prompt: "build from {{steps.plan.output}}", needs: [plan] }
`

function setup(): string {
  dir = testTempDir('uo-estimate-')
  writeFileSync(join(dir, 'spec.yaml'), SPEC)
  return dir
}

describe('orchestrator estimate', () => {
  it('prices each step and the total as a range from the price table', async () => {
    const cwd = setup()
    const out = fakeIo({ cwd })
    expect(await runCli(['estimate', 'spec.yaml', '--provider', 'openai', '--model', 'gpt-4o-mini', '--json'], out.io)).toBe(0)
    const e = JSON.parse(out.stdout()) as {
      steps: { step: string; pricing: string; expected: { tokens: number; usd: number }; worst: { tokens: number; usd: number } }[]
      worst: { tokens: number; usd: number }
    }
    expect(e.steps.map((s) => [s.step, s.pricing])).toEqual([
      ['plan', 'priced'],
      ['build', 'priced'],
    ])
    const plan = e.steps[0]
    const build = e.steps[1]
    // worst: 4 turns × 1,000 output tokens at $0.60/Mtok, plus growing input
    expect(plan?.worst.tokens).toBeGreaterThan(4000 + 4 * 30)
    expect(plan?.worst.usd).toBeGreaterThan((4000 * 0.6) / 1e6)
    expect(plan?.expected.tokens).toBeLessThan(plan?.worst.tokens ?? 0)
    // build quotes plan's output, so its worst case carries plan's 4,000 output tokens in every turn
    expect((build?.worst.tokens ?? 0) - (plan?.worst.tokens ?? 0)).toBeGreaterThanOrEqual(4 * 4000)

    const text = fakeIo({ cwd })
    expect(await runCli(['estimate', 'spec.yaml', '--provider', 'openai', '--model', 'gpt-4o-mini', '--max-usd', '0.001'], text.io)).toBe(0)
    expect(text.stdout()).toMatch(/^total\s+/m)
    expect(text.stdout()).toContain('budget $0.001: the worst case does not fit')
  })

  it('shows $0.00 for local models and ? with a hint for an unpriced one; refuses a dollar cap over it', async () => {
    const cwd = setup()
    const local = fakeIo({ cwd })
    expect(await runCli(['estimate', 'spec.yaml', '--provider', 'ollama'], local.io)).toBe(0)
    expect(local.stdout()).toMatch(/^total .*\$0\.00 .*\$0\.00$/m)
    const unknown = fakeIo({ cwd })
    expect(await runCli(['estimate', 'spec.yaml', '--provider', 'openai', '--model', 'my-finetune'], unknown.io)).toBe(0)
    expect(unknown.stdout()).toMatch(/^total .* \? .* \?$/m)
    expect(unknown.stdout()).toContain('no price known for openai/my-finetune')
    const capped = fakeIo({ cwd })
    expect(await runCli(['estimate', 'spec.yaml', '--provider', 'openai', '--model', 'my-finetune', '--max-usd', '1'], capped.io)).toBe(2)
    expect(capped.stderr()).toContain('cap in tokens instead')
    const tokens = fakeIo({ cwd })
    expect(
      await runCli(['estimate', 'spec.yaml', '--provider', 'openai', '--model', 'my-finetune', '--max-tokens', '100000'], tokens.io),
    ).toBe(0)
  })

  it('run prints the estimate line before it starts', async () => {
    const cwd = setup()
    const out = fakeIo({ cwd })
    expect(await runCli(['run', 'spec.yaml', '--provider', 'demo', '--runs-dir', join(cwd, 'runs')], out.io)).toBe(0)
    expect(out.stdout()).toMatch(/^estimate {2}~[0-9,]+ tokens, \$0\.00 expected · worst case [0-9,]+ tokens, \$0\.00$/m)
    expect(out.stdout().indexOf('estimate')).toBeLessThan(out.stdout().indexOf('Job succeeded'))
  })
})
