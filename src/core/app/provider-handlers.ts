/**
 * `providers.models` and `providers.test` for Settings: the models a provider offers (its
 * `listModels`: Ollama's /api/tags, an OpenAI-compatible server's /v1/models, Anthropic's model
 * list) and "Test connection", the same preflight a run does for one provider and model. Both
 * use the environment a run from the app would get (saved host, base URLs and keys), are bounded
 * by a timeout, and report failures as data with the message that names the fix.
 */
import { OrchestratorError, toErrorInfo } from '../errors'
import { createProvider, defaultModelFor, KNOWN_PROVIDERS } from '../providers/provider-registry'
import type { ModelProvider } from '../providers/types'
import type { AppContext } from './app-context'
import type { PartialHandlerMap } from './handler-map'
import { runEnv } from './run-env'

const PROVIDER_CHECK_TIMEOUT_MS = 10_000

function providerFor(ctx: AppContext, name: string, env: NodeJS.ProcessEnv): ModelProvider {
  if (name === 'auto' || !KNOWN_PROVIDERS.includes(name)) {
    throw new OrchestratorError({
      kind: 'bad_input',
      retryable: false,
      message: `pick one provider to check (${KNOWN_PROVIDERS.filter((p) => p !== 'auto').join(', ')}); 'auto' chooses one at run time`,
    })
  }
  return ctx.providers?.[name] ?? createProvider(name, { env })
}

export function providerHandlers(ctx: AppContext): PartialHandlerMap {
  return {
    'providers.models': async ({ provider }) => {
      const instance = providerFor(ctx, provider, runEnv(ctx))
      if (!instance.listModels) return { provider, models: [], error: `${instance.label} cannot list its models; type the model name` }
      try {
        const models = await instance.listModels({ signal: AbortSignal.timeout(PROVIDER_CHECK_TIMEOUT_MS) })
        return { provider, models: [...new Set(models)].sort((a, b) => a.localeCompare(b)) }
      } catch (err) {
        return { provider, models: [], error: toErrorInfo(err).message }
      }
    },
    'providers.test': async ({ provider, model }) => {
      const env = runEnv(ctx)
      const instance = providerFor(ctx, provider, env)
      const wanted = model !== undefined && model.trim() !== '' ? model.trim() : defaultModelFor(provider, env)
      try {
        const report = await instance.preflight(wanted, { signal: AbortSignal.timeout(PROVIDER_CHECK_TIMEOUT_MS) })
        const served = `${instance.label} answers and can serve ${wanted}`
        return { provider, model: wanted, ok: true, message: [served, ...(report?.notices ?? [])].join('. ') }
      } catch (err) {
        const info = toErrorInfo(err)
        return { provider, model: wanted, ok: false, message: info.message, kind: info.kind }
      }
    },
  }
}
