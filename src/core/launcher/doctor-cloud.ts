/**
 * The cloud half of `orchestrator doctor`: which model each cloud provider uses by default and
 * why, how it is spoken to (OpenAI: Responses API or Chat Completions, chosen from the base URL
 * unless OPENAI_API says), the stream timeouts in effect with the variables that set them, and
 * the circuit breaker. Pure: it reads the environment only, never the network.
 */
import { circuitSettingsFromEnv } from '../engine/circuit-breaker'
import { ANTHROPIC_DEFAULT_BASE_URL, ANTHROPIC_DEFAULT_TIMEOUTS } from '../providers/anthropic/anthropic-provider'
import { defaultOpenAIApi, OPENAI_DEFAULT_BASE_URL, OPENAI_DEFAULT_TIMEOUTS } from '../providers/openai/openai-provider'
import { defaultModelFor, DEFAULT_ANTHROPIC_MODEL, DEFAULT_OPENAI_MODEL, openAIApiFromEnv } from '../providers/provider-registry'
import { resolveTimeouts, timeoutEnvName, timeoutsFromEnv, type StreamTimeouts } from '../providers/provider-settings'

interface CloudProviderReport {
  provider: 'openai' | 'anthropic'
  model: string
  /** Why this model: the variable that set it, or what the default is. */
  modelNote: string
  baseUrl: string
  /** OpenAI only: 'responses' | 'chat', and why. */
  api?: { name: 'responses' | 'chat'; note: string }
  features: string[]
  timeouts: StreamTimeouts
  timeoutVariables: string[]
}

export interface CloudReport {
  providers: CloudProviderReport[]
  breaker: { threshold: number; cooldownS: number; note: string }
}

function openAIApi(env: NodeJS.ProcessEnv, baseUrl: string): { name: 'responses' | 'chat'; note: string } {
  let chosen: 'responses' | 'chat' | undefined
  try {
    chosen = openAIApiFromEnv(env)
  } catch {
    chosen = undefined
  }
  if (chosen) return { name: chosen, note: 'set by OPENAI_API' }
  const name = defaultOpenAIApi(baseUrl)
  return {
    name,
    note:
      name === 'responses'
        ? "OpenAI's own server: its current models take tools only through the Responses API"
        : 'an OpenAI-compatible server (LM Studio, vLLM, llama.cpp, Ollama /v1): Chat Completions; OPENAI_API=responses if it speaks the Responses API',
  }
}

function timeoutsOf(provider: 'openai' | 'anthropic', env: NodeJS.ProcessEnv, defaults: StreamTimeouts) {
  return {
    timeouts: resolveTimeouts(timeoutsFromEnv(provider, env), defaults),
    timeoutVariables: (['connect', 'first token', 'idle'] as const).map((phase) => timeoutEnvName(provider, phase)),
  }
}

export function gatherCloudReport(env: NodeJS.ProcessEnv): CloudReport {
  const openaiUrl = env.OPENAI_BASE_URL?.trim() || OPENAI_DEFAULT_BASE_URL
  const anthropicUrl = env.ANTHROPIC_BASE_URL?.trim() || ANTHROPIC_DEFAULT_BASE_URL
  const openaiModel = defaultModelFor('openai', env)
  const anthropicModel = defaultModelFor('anthropic', env)
  const breaker = circuitSettingsFromEnv(env)
  return {
    providers: [
      {
        provider: 'openai',
        model: openaiModel,
        modelNote: env.OPENAI_MODEL?.trim()
          ? 'set by OPENAI_MODEL'
          : `the default: ${DEFAULT_OPENAI_MODEL}, OpenAI's balanced current model (OPENAI_MODEL changes it)`,
        baseUrl: openaiUrl,
        api: openAIApi(env, openaiUrl),
        features: ['reasoning items passed back between turns', 'cached input tokens recorded and priced'],
        ...timeoutsOf('openai', env, OPENAI_DEFAULT_TIMEOUTS),
      },
      {
        provider: 'anthropic',
        model: anthropicModel,
        modelNote: env.ANTHROPIC_MODEL?.trim()
          ? 'set by ANTHROPIC_MODEL'
          : `the default: ${DEFAULT_ANTHROPIC_MODEL}, the model the installed Anthropic SDK uses (ANTHROPIC_MODEL changes it)`,
        baseUrl: anthropicUrl,
        features: [
          'system prompt and tools cached across the turns of a step (cache reads and writes priced)',
          'thinking blocks passed back with their signatures',
        ],
        ...timeoutsOf('anthropic', env, ANTHROPIC_DEFAULT_TIMEOUTS),
      },
    ],
    breaker: {
      threshold: breaker.threshold,
      cooldownS: breaker.cooldownMs / 1000,
      note: 'after this many failed attempts in a row a provider gets no more steps until the cooldown ends (CB_THRESHOLD, CB_COOLDOWN_S)',
    },
  }
}

/** The report as doctor prints it. */
export function formatCloudReport(report: CloudReport): string[] {
  const lines: string[] = []
  for (const p of report.providers) {
    const api = p.api ? ` via ${p.api.name === 'responses' ? 'the Responses API' : 'Chat Completions'} (${p.api.note})` : ''
    lines.push(`${p.provider.padEnd(10)}${p.model} — ${p.modelNote}`, `  server  ${p.baseUrl}${api}`)
    lines.push(`  also    ${p.features.join('; ')}`)
    const t = p.timeouts
    lines.push(
      `  timeout connect ${t.connectMs} ms, first token ${t.firstTokenMs} ms, idle ${t.idleMs} ms (${p.timeoutVariables.join(', ')})`,
    )
  }
  lines.push(`breaker   ${report.breaker.threshold} failures, ${report.breaker.cooldownS} s cooldown — ${report.breaker.note}`)
  return lines
}
