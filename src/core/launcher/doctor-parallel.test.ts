/**
 * The doctor's account of Ollama's parallel limit against a running (fake) Ollama it did not
 * start: Ollama's default of 1 unless OLLAMA_NUM_PARALLEL says otherwise, never the machine
 * profile's suggestion; how to raise it and what it costs; and a model whose architecture Ollama
 * never runs in parallel.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startFakeOllama, type FakeOllama } from '../providers/ollama/testing/fake-ollama-server'
import { detectHardware } from '../machine/hardware'
import { probeFromFixture } from '../machine/testing/sysctl-fixture'
import { gatherDoctorReport } from './doctor-report'

let server: FakeOllama | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

async function doctor(env: NodeJS.ProcessEnv, architectures?: Record<string, string>) {
  server = await startFakeOllama(() => ({ text: ['ok'] }), { version: '0.30.0', architectures })
  const hardware = await detectHardware(probeFromFixture('m4-max.txt'))
  return gatherDoctorReport({ env: { OLLAMA_HOST: server.url, ...env }, start: false, hardware })
}

describe('doctor: the running Ollama’s parallel limit', () => {
  it('says an Ollama it did not start takes Ollama’s default of one request, how to raise it and the memory cost', async () => {
    const report = await doctor({})
    expect(report.profile.server.OLLAMA_NUM_PARALLEL).toBe(4)
    expect(report.ollama.parallel).toMatchObject({ limit: 1, source: 'default' })
    expect(report.ollama.parallel.raise).toContain('OLLAMA_NUM_PARALLEL=4 ollama serve')
    expect(report.ollama.parallel.raise).toContain('launchctl setenv OLLAMA_NUM_PARALLEL 4')
    expect(report.ollama.parallel.memory).toMatch(/num_ctx \(8192\) × OLLAMA_NUM_PARALLEL/)
    const slot = report.problems.find((p) => p.message.includes('1 request at a time'))
    expect(slot?.message).toContain('wait for an Ollama slot')
    expect(slot?.fix).toContain('export OLLAMA_NUM_PARALLEL=4')
  })

  it('takes OLLAMA_NUM_PARALLEL from the environment as the running Ollama’s, with no warning', async () => {
    const report = await doctor({ OLLAMA_NUM_PARALLEL: '3' })
    expect(report.ollama.parallel).toMatchObject({ limit: 3, source: 'env' })
    expect(report.problems.some((p) => p.message.includes('at a time'))).toBe(false)
  })

  it('says when the default model’s architecture runs one request at a time whatever OLLAMA_NUM_PARALLEL says', async () => {
    const report = await doctor({ OLLAMA_NUM_PARALLEL: '4' }, { 'qwen3.5': 'qwen35' })
    expect(report.ollama.architecture).toBe('qwen35')
    expect(report.problems.find((p) => p.message.includes('architecture qwen35'))?.message).toContain('whatever OLLAMA_NUM_PARALLEL says')
  })
})
