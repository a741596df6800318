import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AppContext } from './app-context'
import { defaultProvider, runEnv } from './run-env'
import { createMemorySecretStore } from './secret-store'
import { writeSettings } from './settings-file'
import { testTempDir } from '../testing/test-temp-dir'

function context(env: NodeJS.ProcessEnv = {}): AppContext {
  const runsDir = join(testTempDir('uo-env-'), 'runs')
  return { runsDir, env, examplesDir: runsDir, transport: 'browser', secrets: createMemorySecretStore() }
}

describe('runEnv', () => {
  it('adds saved settings and stored keys on top of the process env', () => {
    const ctx = context({ PATH: '/bin', OLLAMA_HOST: 'http://a:1' })
    writeSettings(ctx.runsDir, { ollamaHost: 'http://b:2', defaultProvider: 'ollama', defaultModel: 'llama3' })
    ctx.secrets.set('openai', 'k1')
    ctx.secrets.set('anthropic', 'k2')
    expect(runEnv(ctx)).toEqual({
      PATH: '/bin',
      OLLAMA_HOST: 'http://b:2',
      OLLAMA_MODEL: 'llama3',
      OPENAI_API_KEY: 'k1',
      ANTHROPIC_API_KEY: 'k2',
    })
    expect(ctx.env.OPENAI_API_KEY).toBeUndefined()
  })

  it("gives the default model to the default provider's variable and sets saved base URLs", () => {
    const ctx = context()
    writeSettings(ctx.runsDir, {
      ollamaHost: '',
      defaultProvider: 'openai',
      defaultModel: 'gpt-4.1',
      baseUrls: { openai: 'http://127.0.0.1:1/v1', anthropic: '', mlx: 'http://127.0.0.1:8080/v1' },
    })
    expect(runEnv(ctx)).toEqual({
      OPENAI_MODEL: 'gpt-4.1',
      OPENAI_BASE_URL: 'http://127.0.0.1:1/v1',
      MLX_BASE_URL: 'http://127.0.0.1:8080/v1',
    })
  })

  it('uses the saved default provider unless the request names one or it is auto', () => {
    const ctx = context()
    expect(defaultProvider(ctx, undefined)).toBeUndefined()
    writeSettings(ctx.runsDir, { ollamaHost: '', defaultProvider: 'demo', defaultModel: '' })
    expect(defaultProvider(ctx, undefined)).toBe('demo')
    expect(defaultProvider(ctx, 'ollama')).toBe('ollama')
  })
})
