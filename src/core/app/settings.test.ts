import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createScriptedProvider } from '../engine/testing/scripted-provider'
import { createMemorySecretStore } from './secret-store'
import { createAppFixture, TINY_SPEC, type AppFixture } from './testing/app-fixture'

const CANARY = 'sk-canary-0123456789abcdef'
let fx: AppFixture
afterEach(async () => {
  await fx.close()
})

describe('settings', () => {
  it('defaults from the environment, persists plain values and keeps keys out of settings.json', async () => {
    fx = createAppFixture({ env: { OLLAMA_HOST: 'http://10.0.0.5:11434' } })
    expect(await fx.invoke('settings.get', {})).toEqual({
      ollamaHost: 'http://10.0.0.5:11434',
      defaultProvider: 'auto',
      defaultModel: '',
      baseUrls: { openai: '', anthropic: '', mlx: '' },
      keys: { openai: false, anthropic: false },
    })
    const saved = await fx.invoke('settings.set', { defaultModel: 'qwen2.5-coder:7b', openaiKey: CANARY })
    expect(saved.defaultModel).toBe('qwen2.5-coder:7b')
    expect(saved.keys).toEqual({ openai: true, anthropic: false })
    expect(JSON.stringify(saved)).not.toContain(CANARY)
    const file = readFileSync(join(fx.runsDir, 'settings.json'), 'utf8')
    expect(JSON.parse(file)).toEqual({
      ollamaHost: 'http://10.0.0.5:11434',
      defaultProvider: 'auto',
      defaultModel: 'qwen2.5-coder:7b',
      baseUrls: { openai: '', anthropic: '', mlx: '' },
    })
    expect((await fx.invoke('settings.set', { openaiKey: null })).keys.openai).toBe(false)
  })

  it('a restarted service reads the saved settings; a memory store forgets keys', async () => {
    fx = createAppFixture()
    await fx.invoke('settings.set', { ollamaHost: 'http://127.0.0.1:9999', anthropicKey: CANARY })
    const again = createAppFixture({ runsDir: fx.runsDir })
    try {
      const settings = await again.invoke('settings.get', {})
      expect(settings.ollamaHost).toBe('http://127.0.0.1:9999')
      expect(settings.keys.anthropic).toBe(false)
    } finally {
      await again.close()
    }
  })

  it('rejects a host that is not an http(s) URL', async () => {
    fx = createAppFixture()
    expect(await fx.raw('settings.set', { ollamaHost: 'file:///etc' })).toMatchObject({ ok: false, error: { kind: 'bad_input' } })
  })

  it('a stored key appears in no event, run file or settings file', async () => {
    const secrets = createMemorySecretStore()
    const provider = createScriptedProvider(
      () => {
        return { text: ['ok'], toolCalls: [{ id: 'c1', name: 'write_file', arguments: { path: 'a.txt', content: 'x' } }] }
      },
      { name: 'scripted' },
    )
    fx = createAppFixture({ secrets, providers: { scripted: provider } })
    await fx.invoke('settings.set', { openaiKey: CANARY })
    expect(secrets.get('openai')).toBe(CANARY)
    const { jobId, runDir } = await fx.invoke('runs.start', { text: TINY_SPEC, fileName: 't.yaml', provider: 'scripted', model: 'm' })
    await fx.service.waitForRun(jobId)
    expect(JSON.stringify(fx.events)).not.toContain(CANARY)
    for (const name of ['events.jsonl', 'manifest.json']) expect(readFileSync(join(runDir, name), 'utf8')).not.toContain(CANARY)
    expect(readFileSync(join(fx.runsDir, 'settings.json'), 'utf8')).not.toContain(CANARY)
  })
})
