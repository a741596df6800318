/**
 * Handlers of the `local.*` channels: the local Ollama server's status and model pulls.
 * `local.status` only reports (GET /api/version and /api/tags, bounded by short timeouts); it
 * never starts a server. `local.pull` checks that the server answers, then hands the pull to
 * LocalPulls, which runs it in the background and pushes its progress. The host is the one saved
 * in Settings, else OLLAMA_HOST, else the default.
 */
import { z } from 'zod'
import type { InvokeResponse } from '../../shared/ipc'
import { OrchestratorError } from '../errors'
import { probeJson } from '../launcher/http-probe'
import { ollamaAnswers, ollamaVersion } from '../launcher/ollama-launcher'
import { profileFromEnv } from '../machine/tuning-profile'
import { normalizeOllamaHost, ollamaHostFromEnv } from '../providers/ollama/ollama-host'
import type { AppContext } from './app-context'
import type { PartialHandlerMap } from './handler-map'
import type { LocalPulls } from './local-pulls'
import { readSettings } from './settings-file'

const STATUS_PROBE_TIMEOUT_MS = 1_500
const TAGS_TIMEOUT_MS = 5_000

const TagsSchema = z.object({
  models: z.array(z.object({ name: z.string().optional(), model: z.string().optional(), size: z.number().optional() }).loose()),
})

export interface LocalHandlerDeps {
  ctx: AppContext
  pulls: LocalPulls
}

/** The Ollama base URL the app talks to: the saved host, else OLLAMA_HOST, else the default. */
function localOllamaHost(ctx: AppContext): string {
  const saved = readSettings(ctx.runsDir, ctx.env).ollamaHost.trim()
  return saved !== '' ? normalizeOllamaHost(saved) : ollamaHostFromEnv(ctx.env)
}

function notRunning(host: string): string {
  return `Ollama is not running at ${host}; start it with \`ollama serve\` (install it from https://ollama.com/download), or fix the Ollama host above`
}

type LocalStatus = InvokeResponse<'local.status'>

async function ollamaStatus(host: string): Promise<LocalStatus['ollama']> {
  const [version, tags] = await Promise.all([ollamaVersion(host, STATUS_PROBE_TIMEOUT_MS), probeJson(`${host}/api/tags`, TAGS_TIMEOUT_MS)])
  const parsed = TagsSchema.safeParse(tags)
  if (version === null && !parsed.success) return { host, reachable: false, version: null, models: [], error: notRunning(host) }
  if (!parsed.success) {
    return {
      host,
      reachable: true,
      version,
      models: [],
      error: `Ollama at ${host} answered but did not list its models (GET /api/tags); check that the host points at Ollama and press Refresh`,
    }
  }
  const models = parsed.data.models
    .flatMap((m) => {
      const name = m.name ?? m.model
      return name === undefined ? [] : [{ name, size_bytes: m.size ?? 0 }]
    })
    .sort((a, b) => a.name.localeCompare(b.name))
  return { host, reachable: true, version, models }
}

export function localHandlers({ ctx, pulls }: LocalHandlerDeps): PartialHandlerMap {
  return {
    'local.status': async () => {
      const profile = profileFromEnv(ctx.env)
      return {
        ollama: await ollamaStatus(localOllamaHost(ctx)),
        profile: { name: profile.name, parallel: profile.server.OLLAMA_NUM_PARALLEL },
      }
    },
    'local.pull': async ({ model }) => {
      const host = localOllamaHost(ctx)
      if ((await ollamaAnswers(host, STATUS_PROBE_TIMEOUT_MS)) === undefined) {
        throw new OrchestratorError({ kind: 'network', retryable: true, message: `cannot pull '${model}': ${notRunning(host)}` })
      }
      return { started: pulls.start(host, model) }
    },
  }
}
