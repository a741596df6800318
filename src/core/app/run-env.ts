/**
 * The environment a run started from the app gets: the process environment, then the saved
 * settings (Ollama host, the other providers' base URLs, the default model as the default
 * provider's model variable), then the stored API keys. Keys exist only in this object, which
 * goes to the providers and nowhere else.
 */
import type { AppContext } from './app-context'
import { SECRET_ENV, SECRET_NAMES } from './secret-store'
import { readSettings } from './settings-file'

/** The variable that names a provider's default model (see provider-registry defaultModelFor). */
const MODEL_ENV: Readonly<Record<string, string>> = {
  auto: 'OLLAMA_MODEL',
  ollama: 'OLLAMA_MODEL',
  openai: 'OPENAI_MODEL',
  anthropic: 'ANTHROPIC_MODEL',
  mlx: 'MLX_MODEL',
}

export function runEnv(ctx: AppContext): NodeJS.ProcessEnv {
  const settings = readSettings(ctx.runsDir, ctx.env)
  const env: NodeJS.ProcessEnv = { ...ctx.env }
  if (settings.ollamaHost !== '') env.OLLAMA_HOST = settings.ollamaHost
  if (settings.defaultModel !== '') env[MODEL_ENV[settings.defaultProvider] ?? 'OLLAMA_MODEL'] = settings.defaultModel
  if (settings.baseUrls.openai !== '') env.OPENAI_BASE_URL = settings.baseUrls.openai
  if (settings.baseUrls.anthropic !== '') env.ANTHROPIC_BASE_URL = settings.baseUrls.anthropic
  if (settings.baseUrls.mlx !== '') env.MLX_BASE_URL = settings.baseUrls.mlx
  for (const name of SECRET_NAMES) {
    const value = ctx.secrets.get(name)
    if (value !== undefined) env[SECRET_ENV[name]] = value
  }
  return env
}

/** The provider for a run: the request's, else the saved default unless it is 'auto'. */
export function defaultProvider(ctx: AppContext, requested: string | undefined): string | undefined {
  if (requested !== undefined && requested !== '') return requested
  const saved = readSettings(ctx.runsDir, ctx.env).defaultProvider
  return saved === '' || saved === 'auto' ? undefined : saved
}
