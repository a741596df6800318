/**
 * Handlers of the `app.*`, `examples.*` and `settings.*` channels: version and runs folder, the
 * bundled example specs, and settings (plain values in settings.json, keys in the SecretStore;
 * responses only say which keys exist).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import type { InvokeResponse } from '../../shared/ipc'
import { OrchestratorError } from '../errors'
import { APP_VERSION } from '../version'
import type { AppContext } from './app-context'
import type { PartialHandlerMap } from './handler-map'
import { BASE_URL_PROVIDERS, readSettings, writeSettings } from './settings-file'

const EXAMPLE_NAME = /^[a-z0-9_-]+\.ya?ml$/
/** Titles by path, size and mtime: app.info is on the first screen's path, parsing YAML is not cheap. */
const titleCache = new Map<string, string>()
const HTTP_URL = /^https?:\/\/[^\s/]+/i

function notAUrl(value: string, example: string): OrchestratorError {
  return new OrchestratorError({
    kind: 'bad_input',
    retryable: false,
    message: `'${value.slice(0, 80)}' is not an http(s) URL; use e.g. ${example}`,
  })
}

function exampleTitle(text: string, name: string): string {
  try {
    const data: unknown = parse(text, { maxAliasCount: 0 })
    if (typeof data === 'object' && data !== null && 'project' in data && typeof data.project === 'string') return data.project
  } catch {
    // fall back to the file name
  }
  return name.replace(/\.ya?ml$/, '')
}

export function listExamples(examplesDir: string): { name: string; title: string }[] {
  let names: string[]
  try {
    names = readdirSync(examplesDir)
      .filter((n) => EXAMPLE_NAME.test(n))
      .sort()
  } catch {
    return []
  }
  return names.map((name) => {
    const path = join(examplesDir, name)
    let key = ''
    let text = ''
    try {
      const stat = statSync(path)
      key = `${path}\0${stat.size}\0${stat.mtimeMs}`
      const cached = titleCache.get(key)
      if (cached !== undefined) return { name, title: cached }
      text = readFileSync(path, 'utf8')
    } catch {
      // listed without a title
    }
    const title = exampleTitle(text, name)
    if (key) titleCache.set(key, title)
    return { name, title }
  })
}

function currentSettings(ctx: AppContext): InvokeResponse<'settings.get'> {
  return { ...readSettings(ctx.runsDir, ctx.env), keys: { openai: ctx.secrets.has('openai'), anthropic: ctx.secrets.has('anthropic') } }
}

export function appHandlers(ctx: AppContext): PartialHandlerMap {
  return {
    'app.info': async () => ({
      version: APP_VERSION,
      runsDir: ctx.runsDir,
      transport: ctx.transport,
      examples: listExamples(ctx.examplesDir),
    }),
    'examples.read': async ({ name }) => {
      if (!listExamples(ctx.examplesDir).some((e) => e.name === name)) {
        throw new OrchestratorError({
          kind: 'bad_input',
          retryable: false,
          message: `no bundled example '${name}'; pick one from the Examples list`,
        })
      }
      return { name, text: readFileSync(join(ctx.examplesDir, name), 'utf8') }
    },
    'settings.get': async () => currentSettings(ctx),
    'settings.set': async (request) => {
      const { openaiKey, anthropicKey, ...plain } = request
      const stored = readSettings(ctx.runsDir, ctx.env)
      const next = { ...stored, baseUrls: { ...stored.baseUrls } }
      if (plain.ollamaHost !== undefined) next.ollamaHost = plain.ollamaHost.trim()
      if (plain.defaultProvider !== undefined) next.defaultProvider = plain.defaultProvider.trim()
      if (plain.defaultModel !== undefined) next.defaultModel = plain.defaultModel.trim()
      if (next.ollamaHost !== '' && !HTTP_URL.test(next.ollamaHost)) throw notAUrl(next.ollamaHost, 'http://127.0.0.1:11434')
      for (const name of BASE_URL_PROVIDERS) {
        const given = plain.baseUrls?.[name]
        if (given === undefined) continue
        const url = given.trim()
        if (url !== '' && !HTTP_URL.test(url)) throw notAUrl(url, name === 'mlx' ? 'http://127.0.0.1:8080/v1' : 'https://host/v1')
        next.baseUrls[name] = url
      }
      writeSettings(ctx.runsDir, next)
      if (openaiKey !== undefined) ctx.secrets.set('openai', openaiKey === null ? null : openaiKey.trim())
      if (anthropicKey !== undefined) ctx.secrets.set('anthropic', anthropicKey === null ? null : anthropicKey.trim())
      return currentSettings(ctx)
    },
  }
}
